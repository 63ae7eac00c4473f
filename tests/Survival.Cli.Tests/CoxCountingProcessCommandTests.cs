namespace Survival.Cli.Tests;

/// <summary>
/// <c>survival cox</c> with (start, stop] rows and with a cause of interest, on the README's examples, in-process:
/// examples/cgd_tmerge.csv (R's cgd0 through tmerge) and examples/mgus2.csv.
/// </summary>
public class CoxCountingProcessCommandTests
{
    [Fact]
    public async Task Start_stop_rows_with_ids_give_the_robust_variance_clustered_by_subject()
    {
        // Act
        var run = await CliRun.InvokeAsync("cox", Path.Combine(CliRun.Examples, "cgd_tmerge.csv"), "--id", "id", "--start", "tstart",
            "--stop", "tstop", "--event", "infect", "--terms", "treat,inherit,age,steroids", "--factor", "treat,inherit");

        // Assert: R coxph(Surv(tstart, tstop, infect) ~ treat + inherit + age + steroids + cluster(id), d): treat
        // exp(-1.09976) = 0.33, se 0.26247, robust se 0.30931; LR 31.22 on 4 df; robust score 11.98; 128 clusters.
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("203 rows, 76 events; Efron ties; robust variance over 128 subjects", run.Output);
        Assert.Contains("treat: rIFN-g vs placebo        0.33  0.18 to 0.61  < 0.001    -1.1     0.262      0.309", run.Output);
        Assert.Contains("Likelihood ratio test: 31.221 on 4 df", run.Output);
        Assert.Contains("Robust score test: 11.976 on 4 df", run.Output);
    }

    [Fact]
    public async Task A_cause_of_interest_fits_the_Fine_Gray_model()
    {
        // Act
        var run = await CliRun.InvokeAsync("cox", Path.Combine(CliRun.Examples, "mgus2.csv"), "--time", "etime", "--cause", "cause",
            "--cause-of-interest", "pcm", "--terms", "age,sex", "--factor", "sex");

        // Assert: R finegray(Surv(etime, event) ~ ., d, etype = "pcm") + coxph(Surv(fgstart, fgstop, fgstatus) ~ age + sex,
        // weights = fgwt): 41775 rows; sexM exp(-0.259757) = 0.77 (0.54 to 1.10), robust se 0.181707; LR 7.28 on 2 df.
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Fine–Gray model of the subdistribution hazard of pcm: 41775 weighted rows, 115 events of it", run.Output);
        Assert.Contains("sex: M vs F  0.77  0.54 to 1.10  0.153   -0.26     0.187      0.182", run.Output);
        Assert.Contains("Likelihood ratio test: 7.28 on 2 df", run.Output);
    }
}
