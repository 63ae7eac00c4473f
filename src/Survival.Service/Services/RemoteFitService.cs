using Grpc.Core;
using Survival.Core.Cox;
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
        if (opening.MessageCase != RemoteFitUpload.MessageOneofCase.Cox)
            throw FieldViolations.Single("message", "must open with the model (cox)").ToRpcException();
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

    /// <summary>The data side's next message; ABORTED when it closed its stream instead.</summary>
    private static async Task<RemoteFitUpload> NextAsync(IAsyncStreamReader<RemoteFitUpload> requests, string what, CancellationToken token)
    {
        if (await requests.MoveNext(token)) return requests.Current;
        throw new RpcException(new Status(StatusCode.Aborted, $"the data side closed its stream before sending {what}"));
    }
}
