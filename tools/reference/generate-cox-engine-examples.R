#!/usr/bin/env Rscript
# Writes the README's counting-process examples (issue 18) into examples/, from R's survival data sets:
#   examples/cgd_tmerge.csv        cgd0 turned into (tstart, tstop] rows by tmerge, one row per infection-free stretch
#   examples/heart_transplant.csv  jasa's heart transplant study, transplant a time-varying covariate (R's heart)
# Run from the repository root: Rscript tools/reference/generate-cox-engine-examples.R
suppressPackageStartupMessages(library(survival))

# The tmerge example of R's own documentation: each of up to seven infections ends a row.
cg <- tmerge(cgd0[, 1:13], cgd0, id = id, tstop = futime)
for (k in 1:7) cg <- tmerge(cg, cgd0, id = id, infect = event(cgd0[[paste0("etime", k)]]))
cg <- data.frame(id = cg$id, tstart = cg$tstart, tstop = cg$tstop, infect = cg$infect,
                 treat = ifelse(cg$treat == 1, "rIFN-g", "placebo"), inherit = ifelse(cg$inherit == 1, "X-linked", "autosomal"),
                 age = cg$age, steroids = as.integer(cg$steroids == 1))
write.csv(cg, "examples/cgd_tmerge.csv", row.names = FALSE, quote = FALSE)

h <- data.frame(id = heart$id, start = heart$start, stop = heart$stop, event = heart$event, age = round(heart$age, 4),
                year = round(heart$year, 4), surgery = heart$surgery, transplant = as.character(heart$transplant))
write.csv(h, "examples/heart_transplant.csv", row.names = FALSE, quote = FALSE)
cat("wrote examples/cgd_tmerge.csv and examples/heart_transplant.csv\n")
