using Grpc.Core;
using Survival.Core.Cox;
using Survival.Core.Parametric;
using Survival.Service.Mapping;
using Survival.Service.Validation;
using Survival.V1;

namespace Survival.Service.Services;

/// <summary>
/// survival.v1.RemoteFits: R's Newton–Raphson run here on sums the data side computes at each β (the engine's second
/// seam, <see cref="CoxSumsRegression"/>); the rows never leave it.
/// </summary>
public sealed class RemoteFitService : RemoteFits.RemoteFitsBase
{
    /// <inheritdoc />
    public override async Task FitModelRemote(IAsyncStreamReader<RemoteFitUpload> requestStream, IServerStreamWriter<RemoteFitStep> responseStream, ServerCallContext context)
    {
        var token = context.CancellationToken;
        var opening = await NextAsync(requestStream, "the model", token);
        if (opening.MessageCase == RemoteFitUpload.MessageOneofCase.Parametric)
        {
            await FitParametricAsync(opening.Parametric, requestStream, responseStream, token);
            return;
        }
        if (opening.MessageCase != RemoteFitUpload.MessageOneofCase.Cox)
            throw FieldViolations.Single("message", "must open with the model (cox or parametric)").ToRpcException();
        var model = opening.Cox;
        RemoteFitRules.Check(model);

        await responseStream.WriteAsync(new RemoteFitStep { Summary = new RemoteSummaryRequest { Model = model } }, token);
        var answer = await NextAsync(requestStream, "the summary", token);
        if (answer.MessageCase != RemoteFitUpload.MessageOneofCase.Summary)
            throw FieldViolations.Single("message", $"must answer the summary step with a summary, not {answer.MessageCase}").ToRpcException();
        var summary = answer.Summary;
        RemoteFitRules.Check(model, summary);

        var design = ProtoMapper.ToDesign(model, summary);
        var strata = Math.Max(1, summary.Strata.Count);
        var steps = 0;
        // The iteration is R's, synchronous; each evaluation is one round trip on the call's streams.
        var fit = await Task.Run(() => FitNamingTheSums(() => CoxSumsRegression.Fit(ProtoMapper.ToSumsColumns(model, summary, design), model.Stratified,
            ProtoMapper.ToCoxRegressionOptions(model), beta =>
            {
                var step = steps++;
                var request = new CoxSumsRequest { Step = step, Model = model, Columns = { design }, Beta = { beta }, Strata = { summary.Strata } };
                responseStream.WriteAsync(new RemoteFitStep { CoxSums = request }, token).GetAwaiter().GetResult();
                var reply = NextAsync(requestStream, $"step {step}", token).GetAwaiter().GetResult();
                if (reply.MessageCase != RemoteFitUpload.MessageOneofCase.CoxSums)
                    throw FieldViolations.Single("message", $"must answer step {step} with cox_sums, not {reply.MessageCase}").ToRpcException();
                if (reply.CoxSums.Step != step) throw FieldViolations.Single("cox_sums.step", $"must be {step}, the step asked").ToRpcException();
                return ProtoMapper.ToCore(reply.CoxSums, design.Count, strata);
            })), token);
        await responseStream.WriteAsync(new RemoteFitStep { Result = ProtoMapper.ToRemoteResult(fit, steps) }, token);
        await ClosedAsync(requestStream, token);
    }

    /// <summary>
    /// survreg on the data side's rows: the summary, the start sums, then the sums at each point of R's Newton–Raphson
    /// (<see cref="ParametricSumsRegression"/>); the result is FitParametricModel's for the one distribution.
    /// </summary>
    private static async Task FitParametricAsync(
        RemoteParametricModel model, IAsyncStreamReader<RemoteFitUpload> requestStream, IServerStreamWriter<RemoteFitStep> responseStream, CancellationToken token)
    {
        RemoteFitRules.Check(model);
        await responseStream.WriteAsync(new RemoteFitStep { Summary = new RemoteSummaryRequest { Parametric = model } }, token);
        var answer = await NextAsync(requestStream, "the summary", token);
        if (answer.MessageCase != RemoteFitUpload.MessageOneofCase.Summary)
            throw FieldViolations.Single("message", $"must answer the summary step with a summary, not {answer.MessageCase}").ToRpcException();
        var summary = answer.Summary;
        // The summary describes the terms alone, whichever the model.
        var terms = new RemoteCoxModel { Terms = { model.Terms }, Factors = { model.Factors } };
        RemoteFitRules.Check(terms, summary, wholeWeights: false);
        var design = ProtoMapper.ToDesign(terms, summary);

        await responseStream.WriteAsync(new RemoteFitStep { ParametricStart = new ParametricStartRequest { Columns = { design }, Model = model } }, token);
        var start = await NextAsync(requestStream, "the start sums", token);
        if (start.MessageCase != RemoteFitUpload.MessageOneofCase.ParametricStart)
            throw FieldViolations.Single("message", $"must answer the start step with parametric_start, not {start.MessageCase}").ToRpcException();

        var steps = 0;
        var fit = await Task.Run(() => ParametricNamingTheSums(() => ParametricSumsRegression.Fit(
            ProtoMapper.ToCore(model.Distribution), ProtoMapper.ToSumsColumns(terms, summary, design), [.. design.Select(c => c.Centre)],
            ProtoMapper.ToCore(start.ParametricStart, 1 + design.Count), ProtoMapper.ToParametricOptions(model), (parameters, columns) =>
            {
                var step = steps++;
                var request = new ParametricSumsRequest { Step = step, Design = { design }, Parameters = { parameters }, Columns = columns, Model = model };
                responseStream.WriteAsync(new RemoteFitStep { ParametricSums = request }, token).GetAwaiter().GetResult();
                var reply = NextAsync(requestStream, $"step {step}", token).GetAwaiter().GetResult();
                if (reply.MessageCase != RemoteFitUpload.MessageOneofCase.ParametricSums)
                    throw FieldViolations.Single("message", $"must answer step {step} with parametric_sums, not {reply.MessageCase}").ToRpcException();
                if (reply.ParametricSums.Step != step) throw FieldViolations.Single("parametric_sums.step", $"must be {step}, the step asked").ToRpcException();
                return ProtoMapper.ToCore(reply.ParametricSums, columns, model.Distribution != Distribution.Exponential);
            })), token);
        await responseStream.WriteAsync(new RemoteFitStep { Result = ProtoMapper.ToRemoteResult(fit, start.ParametricStart.Events, start.ParametricStart.Rows, steps) }, token);
        await ClosedAsync(requestStream, token);
    }

    /// <summary>
    /// Waits, a little, for the data side to close its stream after the result: ending the call sooner could cut a write
    /// of its still in flight. Anything it sends now is ignored.
    /// </summary>
    private static async Task ClosedAsync(IAsyncStreamReader<RemoteFitUpload> requests, CancellationToken token)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(token);
        patience.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            while (await requests.MoveNext(patience.Token)) { }
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            // The data side kept its stream open: the result has been sent all the same.
        }
    }

    /// <summary>The fit, its refusals of the sums named as fields of the data side's message (<c>cox_sums</c>).</summary>
    private static Core.Cox.CoxModel FitNamingTheSums(Func<Core.Cox.CoxModel> fit)
    {
        try
        {
            return fit();
        }
        catch (Core.InputRuleException rule) when (!rule.Input.StartsWith("cox", StringComparison.Ordinal))
        {
            throw new Core.InputRuleException(rule.Input == "sums" ? "cox_sums" : $"cox_sums.{rule.Input}", rule.Requirement);
        }
    }

    /// <summary>The parametric fit, its refusals of the sums named as the data side's messages (<c>parametric_start</c>, <c>parametric_sums</c>).</summary>
    private static Core.Parametric.ParametricFit ParametricNamingTheSums(Func<Core.Parametric.ParametricFit> fit)
    {
        try
        {
            return fit();
        }
        catch (Core.InputRuleException rule) when (rule.Input is "sums" or "start")
        {
            throw new Core.InputRuleException(rule.Input == "sums" ? "parametric_sums" : "parametric_start", rule.Requirement);
        }
    }

    /// <summary>The data side's next message; ABORTED when it closed its stream instead.</summary>
    private static async Task<RemoteFitUpload> NextAsync(IAsyncStreamReader<RemoteFitUpload> requests, string what, CancellationToken token)
    {
        if (await requests.MoveNext(token)) return requests.Current;
        throw new RpcException(new Status(StatusCode.Aborted, $"the data side closed its stream before sending {what}"));
    }
}
