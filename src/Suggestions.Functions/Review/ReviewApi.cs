using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Suggestions.Campaigns;
using Suggestions.Common;
using Suggestions.Storage;
using Suggestions.Tracking;

namespace Suggestions.Review;

/// <summary>The review office's reads: a queue per campaign, category and status, and one proposal in full.</summary>
public sealed class ReviewApi(CampaignCatalog campaigns, ISuggestionStore store, CityClock clock)
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;

    [Function(nameof(ListForReview))]
    public async Task<IActionResult> ListForReview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "review/suggestions")] HttpRequest req,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(req);
        if (await StaffAuthorization.RequireAsync(req, StaffRoles.Reviewer, StaffRoles.Admin) is { } denied)
        {
            return denied;
        }

        var query = req.Query;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var campaignId = query["campaign"].ToString() is { Length: > 0 } c ? c : campaigns.Current.Id;
        var campaign = campaigns.Find(campaignId);
        if (campaign is null)
        {
            errors["campaign"] = ["没有这个征集活动。"];
        }

        var category = query["category"].ToString();
        if (category.Length == 0)
        {
            errors["category"] = ["请选择类别：审核队列按类别分开。"];
        }
        else if (CategoryCatalog.Find(category) is null)
        {
            errors["category"] = ["没有这个类别。"];
        }

        var status = query["status"].ToString() is { Length: > 0 } s ? s : SuggestionStatus.Classified;
        if (!SuggestionStatus.All.Contains(status, StringComparer.Ordinal))
        {
            errors["status"] = [$"状态只能是：{string.Join("、", SuggestionStatus.All)}。"];
        }

        var pageSize = DefaultPageSize;
        if (query["pageSize"].ToString() is { Length: > 0 } size && (!int.TryParse(size, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            errors["pageSize"] = [$"每页条数应为 1 到 {MaxPageSize}。"];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var continuation = ContinuationToken.Decode(query["continuation"].ToString());
        if (continuation is { Valid: false })
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["continuation"] = ["翻页标记无效，请从第一页重新开始。"] });
        }

        ReviewPage page;
        try
        {
            page = await store.ListAsync(campaignId, category, status, continuation?.Value, pageSize, cancellationToken);
        }
        catch (Exception e) when (StorageFailures.IsTransient(e, cancellationToken))
        {
            return Problems.StorageUnavailableForRead(10);
        }
        catch (Exception e) when (e is ArgumentException or Azure.RequestFailedException { Status: 400 })
        {
            // A continuation token that decodes but is not one the store issued.
            return Problems.Validation(new Dictionary<string, string[]> { ["continuation"] = ["翻页标记无效，请从第一页重新开始。"] });
        }

        var items = page.Items.Select(i => i with { TrackingNumber = TrackingNumber.ToDisplay(i.TrackingNumber), ReceivedAt = clock.ToLocal(i.ReceivedAt) }).ToList();
        var body = new ReviewListResponse(campaignId, category, status, items, ContinuationToken.Encode(page.ContinuationToken));
        return ApiResult.Json(StatusCodes.Status200OK, body, ApiJson.Context.ReviewListResponse);
    }

    [Function(nameof(GetForReview))]
    public async Task<IActionResult> GetForReview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "review/suggestions/{trackingNumber}")] HttpRequest req,
        string trackingNumber,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(req);
        if (await StaffAuthorization.RequireAsync(req, StaffRoles.Reviewer, StaffRoles.Admin) is { } denied)
        {
            return denied;
        }

        var (number, r, problem) = await SuggestionLookup.FindAsync(store, trackingNumber, "没有找到这个编号的建议。", cancellationToken);
        if (r is null)
        {
            return problem!;
        }

        var detail = new ReviewDetail(
            number.Display, r.CampaignId, r.Channel, r.Status,
            clock.ToLocal(r.ReceivedAt), r.ClassifiedAt is { } at ? clock.ToLocal(at) : null, clock.ToLocal(r.UpdatedAt),
            r.Title, r.Content, r.Category, CategoryCatalog.Find(r.Category)?.NameZh, r.Confidence, r.NeedsReview,
            r.Alternatives, r.Reasons, r.Hints, r.District, r.CitizenCategory, r.CitizenDistrict, r.ModelVersion,
            ContactMasking.Mask(r.Contact), r.Consent, r.PublicReply, r.DecisionReason,
            r.DuplicateOf is null ? null : TrackingNumber.ToDisplay(r.DuplicateOf), r.DecidedAt is { } decided ? clock.ToLocal(decided) : null, r.ETag);
        var result = ApiResult.Json(StatusCodes.Status200OK, detail, ApiJson.Context.ReviewDetail);
        return r.ETag is null ? result : result.WithHeader("ETag", r.ETag);
    }
}
