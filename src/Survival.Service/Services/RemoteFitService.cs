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
        var summary = (await AnswerAsync(requestStream, RemoteFitUpload.MessageOneofCase.Summary, "the summary step", token)).Summary;
        RemoteFitRules.Check(model, summary);

        var design = ProtoMapper.ToDesign(model, summary);
        var strata = Math.Max(1, summary.Strata.Count);
        var steps = 0;
        // The iteration is R's; each evaluation is one round trip on the call's streams, awaited.
        var fit = await NamingTheSums(() => CoxSumsRegression.FitAsync(ProtoMapper.ToSumsColumns(model, summary, design), model.Stratified,
            ProtoMapper.ToCoxRegressionOptions(model), async beta =>
            {
                var step = steps++;
                var request = new CoxSumsRequest { Step = step, Model = model, Columns = { design }, Beta = { beta }, Strata = { summary.Strata } };
                var reply = await StepRoundTripAsync(responseStream, requestStream, new RemoteFitStep { CoxSums = request }, step, token);
                return ProtoMapper.ToCore(reply.CoxSums, design.Count, strata);
            }), CoxSumsField);
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
        var summary = (await AnswerAsync(requestStream, RemoteFitUpload.MessageOneofCase.Summary, "the summary step", token)).Summary;
        // The summary describes the terms and the strata, whichever the model.
        var terms = new RemoteCoxModel { Terms = { model.Terms }, Factors = { model.Factors }, Stratified = model.Stratified };
        RemoteFitRules.Check(terms, summary, wholeWeights: false, positiveTimes: true);
        RemoteFitRules.CheckProfiles(model, summary);
        var design = ProtoMapper.ToDesign(terms, summary);
        var strata = ProtoMapper.ToStrata(summary);

        await responseStream.WriteAsync(new RemoteFitStep { ParametricStart = new ParametricStartRequest { Columns = { design }, Model = model, Strata = { strata } } }, token);
        var start = await AnswerAsync(requestStream, RemoteFitUpload.MessageOneofCase.ParametricStart, "the start step", token);

        var options = ProtoMapper.ToParametricOptions(model);
        var steps = 0;
        var fit = await NamingTheSums(() => ParametricSumsRegression.FitAsync(
            ProtoMapper.ToCore(model.Distribution), ProtoMapper.ToSumsColumns(terms, summary, design), [.. design.Select(c => c.Centre)], strata,
            ProtoMapper.ToCore(start.ParametricStart, 1 + design.Count, strata.Length), options, async (parameters, columns) =>
            {
                var step = steps++;
                var request = new ParametricSumsRequest { Step = step, Design = { design }, Parameters = { parameters }, Columns = columns, Model = model, Strata = { strata } };
                var reply = await StepRoundTripAsync(responseStream, requestStream, new RemoteFitStep { ParametricSums = request }, step, token);
                return ProtoMapper.ToCore(reply.ParametricSums, columns, model.Distribution != Distribution.Exponential, strata.Length);
            }), ParametricSumsField);
        // The predictions read the estimates and the summary (its means, levels, strata and largest time), never a row.
        fit = ParametricSumsPrediction.Predict(fit, ProtoMapper.ToProfileSpace(terms, summary, design, strata), options);
        await responseStream.WriteAsync(new RemoteFitStep
        {
            Result = ProtoMapper.ToRemoteResult(fit, model, summary, start.ParametricStart.Events, start.ParametricStart.Rows, steps),
        }, token);
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

    /// <summary>
    /// The fit, its refusals of the sums named as the data side's fields (<see cref="CoxSumsField"/>,
    /// <see cref="ParametricSumsField"/>): the estimator names what it read, the caller needs what it sent.
    /// </summary>
    private static async Task<T> NamingTheSums<T>(Func<Task<T>> fit, Func<string, string?> field)
    {
        try
        {
            return await fit();
        }
        catch (Core.InputRuleException rule) when (field(rule.Input) is { } named)
        {
            throw new Core.InputRuleException(named, rule.Requirement);
        }
    }

    private static string? CoxSumsField(string input) =>
        input.StartsWith("cox", StringComparison.Ordinal) ? null : input == "sums" ? "cox_sums" : $"cox_sums.{input}";

    private static string? ParametricSumsField(string input) =>
        input switch { "sums" => "parametric_sums", "start" => "parametric_start", _ => null };

    /// <summary>
    /// One evaluation's round trip, awaited by the iteration: the request out, its answer back, which must be of the
    /// request's kind and answer the step asked.
    /// </summary>
    private static async Task<RemoteFitUpload> StepRoundTripAsync(
        IServerStreamWriter<RemoteFitStep> responses, IAsyncStreamReader<RemoteFitUpload> requests, RemoteFitStep ask, int step, CancellationToken token)
    {
        await responses.WriteAsync(ask, token);
        var expected = ask.StepCase == RemoteFitStep.StepOneofCase.CoxSums ? RemoteFitUpload.MessageOneofCase.CoxSums : RemoteFitUpload.MessageOneofCase.ParametricSums;
        var reply = await AnswerAsync(requests, expected, $"step {step}", token);
        var answered = expected == RemoteFitUpload.MessageOneofCase.CoxSums ? reply.CoxSums.Step : reply.ParametricSums.Step;
        if (answered != step) throw FieldViolations.Single($"{FieldName(expected)}.step", $"must be {step}, the step asked").ToRpcException();
        return reply;
    }

    /// <summary>The data side's next message, which must answer <paramref name="what"/> with a message of the kind expected.</summary>
    private static async Task<RemoteFitUpload> AnswerAsync(
        IAsyncStreamReader<RemoteFitUpload> requests, RemoteFitUpload.MessageOneofCase expected, string what, CancellationToken token)
    {
        var answer = await NextAsync(requests, what, token);
        if (answer.MessageCase != expected)
            throw FieldViolations.Single("message", $"must answer {what} with {FieldName(expected)}, not {answer.MessageCase}").ToRpcException();
        return answer;
    }

    private static string FieldName(RemoteFitUpload.MessageOneofCase message) => message switch
    {
        RemoteFitUpload.MessageOneofCase.Summary => "summary",
        RemoteFitUpload.MessageOneofCase.CoxSums => "cox_sums",
        RemoteFitUpload.MessageOneofCase.ParametricStart => "parametric_start",
        RemoteFitUpload.MessageOneofCase.ParametricSums => "parametric_sums",
        _ => message.ToString(),
    };

    /// <summary>The data side's next message; ABORTED when it closed its stream instead.</summary>
    private static async Task<RemoteFitUpload> NextAsync(IAsyncStreamReader<RemoteFitUpload> requests, string what, CancellationToken token)
    {
        if (await requests.MoveNext(token)) return requests.Current;
        throw new RpcException(new Status(StatusCode.Aborted, $"the data side closed its stream before sending {what}"));
    }
}
