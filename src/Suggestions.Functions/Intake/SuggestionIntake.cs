using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Suggestions.Campaigns;
using Suggestions.Common;
using Suggestions.Storage;
using Suggestions.Tracking;

namespace Suggestions.Intake;

/// <summary>The web form and the QR form: submit a proposal, look up its status.</summary>
public sealed class SuggestionIntake(
    CampaignCatalog campaigns,
    SuggestionValidator validator,
    IntakeService intake,
    ISuggestionStore store,
    ITrackingSealSource seals,
    CityClock clock,
    TimeProvider time)
{
    private const int RetryAfterSeconds = 30;

    [Function(nameof(SubmitSuggestion))]
    public async Task<IActionResult> SubmitSuggestion(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "suggestions")] HttpRequest req,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(req);
        var read = await FormReader.ReadAsync(req, cancellationToken);
        if (read is FormReader.Result.Failed failed)
        {
            return failed.Problem;
        }

        var campaign = campaigns.Current;
        if (!campaign.IsOpenAt(time.GetUtcNow()))
        {
            return Problems.CampaignClosed(campaign.Title);
        }

        var (suggestion, errors) = validator.Validate(((FormReader.Result.Ok)read).Input, campaign);
        if (suggestion is null)
        {
            return Problems.Validation(errors);
        }

        var key = req.Headers["Idempotency-Key"].ToString();
        if (key.Length > 200)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["Idempotency-Key"] = ["Idempotency-Key 不能超过 200 个字符。"] });
        }

        var outcome = await intake.SubmitAsync(suggestion, campaign, key.Length == 0 ? null : key, cancellationToken);
        return outcome switch
        {
            IntakeOutcome.Accepted accepted => Receipt(req, accepted),
            IntakeOutcome.IdempotencyConflict => Problems.IdempotencyKeyReused(),
            _ => Problems.StorageUnavailable(RetryAfterSeconds),
        };
    }

    [Function(nameof(GetSuggestionStatus))]
    public async Task<IActionResult> GetSuggestionStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "suggestions/{trackingNumber}")] HttpRequest req,
        string trackingNumber,
        CancellationToken cancellationToken)
    {
        var (number, record, problem) = await SuggestionLookup.FindAsync(store, trackingNumber,
            "没有找到这个编号的建议。请核对编号；如果刚刚提交，请过一会儿再查。", cancellationToken);
        if (record is null && problem!.StatusCode == StatusCodes.Status404NotFound)
        {
            // Not filed yet. A number carrying our seal was handed out in a 202, so it is acknowledged and on
            // its way; any other is a typo or a guess.
            TrackingSeal seal;
            try
            {
                seal = await seals.GetAsync(cancellationToken);
            }
            catch (Exception e) when (StorageFailures.IsTransient(e, cancellationToken))
            {
                return Problems.StorageUnavailableForRead(RetryAfterSeconds);
            }

            if (seal.Sealed(number))
            {
                var received = new PublicStatus(number.Display, SuggestionStatus.Received, null, null, null, null, null);
                return ApiResult.Json(StatusCodes.Status200OK, received, ApiJson.Context.PublicStatus);
            }
        }

        if (record is null)
        {
            return problem!;
        }

        var status = new PublicStatus(
            number.Display,
            record.Status,
            record.Category,
            CategoryCatalog.Find(record.Category)?.NameZh,
            clock.ToLocal(record.ReceivedAt),
            clock.ToLocal(record.UpdatedAt),
            record.PublicReply);
        return ApiResult.Json(StatusCodes.Status200OK, status, ApiJson.Context.PublicStatus);
    }

    private ApiResult Receipt(HttpRequest req, IntakeOutcome.Accepted accepted)
    {
        var display = TrackingNumber.ToDisplay(accepted.TrackingNumber);
        var statusUrl = $"{req.Scheme}://{req.Host}{req.PathBase}/api/suggestions/{accepted.TrackingNumber}";
        var receipt = new SubmissionReceipt(display, SuggestionStatus.Received, clock.ToLocal(accepted.ReceivedAt), statusUrl);
        return ApiResult.Json(StatusCodes.Status202Accepted, receipt, ApiJson.Context.SubmissionReceipt)
            .WithHeader("Location", statusUrl);
    }
}
