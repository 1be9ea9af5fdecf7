using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Suggestions.Campaigns;
using Suggestions.Classification;
using Suggestions.Classification.Training;
using Suggestions.Common;
using Suggestions.Intake;
using Suggestions.Storage;
using Suggestions.Tracking;

namespace Suggestions.Review;

/// <summary>
/// A reviewer's decision: accept, reject with a criterion and a public reply, mark as a duplicate, or put
/// in another category. Guarded by the ETag the reviewer saw (412 if someone changed the proposal since).
/// A change of category is also kept as a correction for the classifier's next training run, and every
/// decision leaves the category it settled on beside the classifier's own answer, for recalibration.
/// </summary>
public sealed partial class DecisionApi(
    ISuggestionStore store,
    DecisionFollowUp followUp,
    TextSanitizer sanitizer,
    CityClock clock,
    TimeProvider time,
    ILogger<DecisionApi> logger)
{
    public const int MaxBodyBytes = 16 * 1024;
    public const int MaxReplyLength = 1000;

    /// <summary>Criteria a rejection can cite: the classifier's hint codes.</summary>
    public static IReadOnlyList<string> ReasonCodes { get; } =
        [HintCodes.MultiIssue, HintCodes.PersonalGrievance, HintCodes.OutsideRemit, HintCodes.NotFeasibleThisYear, HintCodes.Unclear, HintCodes.TooLong];

    private static readonly string[] Actions = ["accept", "reject", "duplicate", "recategorise"];

    [Function(nameof(DecideSuggestion))]
    public async Task<IActionResult> DecideSuggestion(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "review/suggestions/{trackingNumber}/decision")] HttpRequest req,
        string trackingNumber,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(req);
        if (await StaffAuthorization.RequireAsync(req, StaffRoles.Reviewer, StaffRoles.Admin) is { } denied)
        {
            return denied;
        }

        if (!FormReader.IsJson(req.ContentType))
        {
            return Problems.UnsupportedMediaType();
        }

        var (request, unreadable) = await ReadAsync(req, cancellationToken);
        if (unreadable is not null)
        {
            return unreadable;
        }

        var ifMatch = req.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            return Problems.PreconditionRequired();
        }

        var (number, record, problem) = await SuggestionLookup.FindAsync(store, trackingNumber, "没有找到这个编号的建议。", cancellationToken);
        if (record is null)
        {
            return problem!;
        }

        // "*" (any current version) is what HTTP allows; otherwise the version the reviewer saw.
        var expected = ifMatch.Trim() == "*" ? record.ETag : ifMatch.Trim();
        var reviewer = ReviewerOf(req.HttpContext.User);
        if (!string.Equals(expected, record.ETag, StringComparison.Ordinal) && await IsRetryAsync(request!, number.Value, record, reviewer, cancellationToken))
        {
            // This reviewer's decision is already stored (its answer was lost, say): the same answer again, and the rows that
            // follow it written again. Anything else on an old version is a conflict.
            await WriteFollowingRowsAsync(record, record.DecidedFrom!, cancellationToken);
            LogRetried(logger, record.TrackingNumber, record.Status, record.Category);
            return Decided(number, record);
        }

        var (decision, errors) = await ValidateAsync(request!, number.Value, record, record.Category, record.Status, cancellationToken);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        if (expected is null || !string.Equals(expected, record.ETag, StringComparison.Ordinal))
        {
            return Problems.PreconditionFailed();
        }

        var oldCategory = record.Category;

        // Before the first decision the category is still the classifier's answer (if it classified the text).
        var modelCategory = record.DecidedAt is null && record.ModelVersion is not null ? oldCategory : null;
        var from = new DecisionOrigin(decision!.Action, record.Category, record.Status, record.NeedsReview, modelCategory);
        var now = time.GetUtcNow();
        record.Status = decision.Status;
        record.Category = decision.Category;
        record.DecisionReason = decision.ReasonCode;
        record.PublicReply = decision.PublicReply;
        record.DuplicateOf = decision.DuplicateOf;
        record.NeedsReview = false; // a person has looked at it
        record.DecidedBy = reviewer;
        record.DecidedAt = now;
        record.DecidedFrom = from;
        record.UpdatedAt = now;

        try
        {
            // The follow-up goes on the queue before the decision is stored, so the rows that follow it are written even if
            // this request fails after the decision (below, or a crash). Harmless if the decision is not stored after all.
            await followUp.ScheduleAsync(record, from, cancellationToken);
            if (!await store.TryReplaceAsync(record, expected, cancellationToken))
            {
                return Problems.PreconditionFailed();
            }
        }
        catch (Exception e) when (StorageFailures.IsTransient(e, cancellationToken))
        {
            return Problems.StorageUnavailableForRead(10);
        }

        await WriteFollowingRowsAsync(record, from, cancellationToken);
        LogDecided(logger, record.TrackingNumber, record.Status, oldCategory, record.Category);
        return Decided(number, record);
    }

    private ApiResult Decided(TrackingNumber number, SuggestionRecord record)
    {
        var body = new ReviewDecisionResult(number.Display, record.Status, record.Category, CategoryCatalog.Find(record.Category)?.NameZh,
            record.DecisionReason, record.PublicReply, record.DuplicateOf is null ? null : TrackingNumber.ToDisplay(record.DuplicateOf),
            clock.ToLocal(record.DecidedAt!.Value), record.ETag);
        var result = ApiResult.Json(StatusCodes.Status200OK, body, ApiJson.Context.ReviewDecisionResult);
        return record.ETag is null ? result : result.WithHeader("ETag", record.ETag);
    }

    /// <summary>
    /// The rows that follow a stored decision, written now so that the reviewer's queues show it at once. A storage failure
    /// here does not undo the decision, which is stored: the queued follow-up writes them shortly.
    /// </summary>
    private async Task WriteFollowingRowsAsync(SuggestionRecord record, DecisionOrigin from, CancellationToken cancellationToken)
    {
        try
        {
            await followUp.WriteAsync(record, from, cancellationToken);
        }
        catch (Exception e) when (StorageFailures.IsTransient(e, cancellationToken))
        {
            LogFollowUpDeferred(logger, record.TrackingNumber);
        }
    }

    /// <summary>
    /// Whether <paramref name="request"/>, sent by <paramref name="reviewer"/> on an older version, is the decision the stored
    /// proposal already carries: made by the same reviewer, and giving, on the state it was made on, exactly the stored outcome.
    /// </summary>
    private async Task<bool> IsRetryAsync(DecisionRequest request, string self, SuggestionRecord record, string reviewer, CancellationToken cancellationToken)
    {
        if (record.DecidedFrom is not { } from || !string.Equals(record.DecidedBy, reviewer, StringComparison.Ordinal))
        {
            return false;
        }

        var (decision, errors) = await ValidateAsync(request, self, record, from.Category, from.Status, cancellationToken);
        return errors.Count == 0
            && decision!.Action == from.Action
            && (decision.Status, decision.Category, decision.ReasonCode, decision.PublicReply, decision.DuplicateOf)
                == (record.Status, record.Category, record.DecisionReason, record.PublicReply, record.DuplicateOf);
    }

    private sealed record Decision(string Action, string Status, string Category, string? ReasonCode, string? PublicReply, string? DuplicateOf);

    /// <summary>
    /// The decision <paramref name="request"/> makes on <paramref name="record"/> when its category and status are
    /// <paramref name="category"/> and <paramref name="currentStatus"/> (the stored ones, or those a stored decision was made on).
    /// </summary>
    private async Task<(Decision? Decision, Dictionary<string, string[]> Errors)> ValidateAsync(
        DecisionRequest request, string self, SuggestionRecord record, string category, string currentStatus, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var action = request.Action?.Trim().ToLowerInvariant();
        if (action is null || !Actions.Contains(action, StringComparer.Ordinal))
        {
            errors["action"] = ["请选择操作：accept（采纳）、reject（不予采纳）、duplicate（重复）或 recategorise（改类别）。"];
            return (null, errors);
        }

        var current = category;
        if (!string.IsNullOrWhiteSpace(request.Category))
        {
            if (CategoryCatalog.Find(request.Category.Trim()) is null)
            {
                errors["category"] = ["没有这个类别。"];
            }
            else
            {
                category = request.Category.Trim();
            }
        }
        else if (action == "recategorise")
        {
            errors["category"] = ["改类别时请选择新的类别。"];
        }

        if (action == "recategorise" && category == current && !errors.ContainsKey("category"))
        {
            errors["category"] = ["新类别与当前类别相同。"];
        }

        var reply = sanitizer.Clean(request.PublicReply).Trim();
        if (reply.Length > MaxReplyLength)
        {
            errors["publicReply"] = [$"答复不能超过 {MaxReplyLength} 字。"];
        }

        string? reason = null;
        if (action == "reject")
        {
            reason = request.ReasonCode?.Trim();
            if (reason is null || !ReasonCodes.Contains(reason, StringComparer.Ordinal))
            {
                errors["reasonCode"] = [$"不予采纳时请选择依据的标准：{string.Join("、", ReasonCodes)}。"];
            }

            if (reply.Length == 0)
            {
                errors["publicReply"] = ["不予采纳时请写一段给建议人的答复，说明理由。"];
            }
        }

        string? duplicateOf = null;
        if (action == "duplicate")
        {
            var parsed = TrackingNumber.TryParse(request.DuplicateOf, out var original);
            if (parsed != TrackingNumber.ParseError.None)
            {
                errors["duplicateOf"] = ["请填写与之重复的那条建议的编号（编号格式或校验位不正确）。"];
            }
            else if (original.Value == self)
            {
                errors["duplicateOf"] = ["一条建议不能与自己重复。"];
            }
            else if (await store.GetAsync(original.Value, cancellationToken) is null)
            {
                errors["duplicateOf"] = ["没有找到这个编号的建议。"];
            }
            else
            {
                duplicateOf = original.Value;
            }
        }

        var status = action switch
        {
            "accept" => SuggestionStatus.Accepted,
            "reject" => SuggestionStatus.Rejected,
            "duplicate" => SuggestionStatus.Duplicate,
            _ => currentStatus is SuggestionStatus.Received ? SuggestionStatus.Classified : currentStatus,
        };

        // Recategorising keeps the decision already made; the others replace it.
        var keepsDecision = action == "recategorise";
        return (new Decision(
            action,
            status,
            category,
            keepsDecision ? record.DecisionReason : reason,
            keepsDecision ? record.PublicReply : (reply.Length > 0 ? reply : null),
            keepsDecision ? record.DuplicateOf : duplicateOf), errors);
    }

    private static async Task<(DecisionRequest? Request, IActionResult? Problem)> ReadAsync(HttpRequest req, CancellationToken cancellationToken)
    {
        if (req.ContentLength > MaxBodyBytes || await FormReader.ReadLimitedAsync(req.Body, MaxBodyBytes, cancellationToken) is not { } body)
        {
            return (null, Problems.PayloadTooLarge(MaxBodyBytes));
        }

        try
        {
            var request = JsonSerializer.Deserialize(body, ApiJson.Context.DecisionRequest);
            return request is null ? (null, Problems.MalformedBody("请求内容为空。")) : (request, null);
        }
        catch (JsonException)
        {
            return (null, Problems.MalformedBody("请求内容不是有效的 JSON。"));
        }
    }

    private static string ReviewerOf(ClaimsPrincipal user) =>
        user.Identity?.Name ?? user.FindFirst("sub")?.Value ?? user.FindFirst("oid")?.Value ?? "unknown";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Decision on {TrackingNumber} stored; the rows that follow it are left to its queued follow-up (storage failed)")]
    private static partial void LogFollowUpDeferred(ILogger logger, string trackingNumber);

    [LoggerMessage(Level = LogLevel.Information, Message = "Decision on {TrackingNumber} sent again: {Status}, category {Category}; the rows after it written again")]
    private static partial void LogRetried(ILogger logger, string trackingNumber, string status, string category);

    [LoggerMessage(Level = LogLevel.Information, Message = "Decision on {TrackingNumber}: {Status}, category {OldCategory} -> {NewCategory}")]
    private static partial void LogDecided(ILogger logger, string trackingNumber, string status, string oldCategory, string newCategory);
}
