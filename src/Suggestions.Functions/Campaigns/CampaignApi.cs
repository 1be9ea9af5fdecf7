using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Suggestions.Common;

namespace Suggestions.Campaigns;

/// <summary>What the forms need to render: the open call and the categories.</summary>
public sealed class CampaignApi(CampaignCatalog campaigns, CityClock clock, TimeProvider time)
{
    [Function(nameof(GetCurrentCampaign))]
    public IActionResult GetCurrentCampaign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "campaigns/current")] HttpRequest req)
    {
        var c = campaigns.Current;
        var view = new CampaignView(
            c.Id,
            c.Title,
            clock.ToLocal(c.Opens),
            c.Closes is { } closes ? clock.ToLocal(closes) : null,
            c.IsOpenAt(time.GetUtcNow()),
            c.Criteria,
            [.. c.Channels.Select(ch => new ChannelView(ch.Code, ch.Description, ch.Address))],
            c.EmailSubjectTag,
            CampaignCatalog.CategoriesOf(c),
            c.Districts);
        return ApiResult.Json(StatusCodes.Status200OK, view, ApiJson.Context.CampaignView);
    }

    [Function(nameof(GetCategories))]
    public IActionResult GetCategories(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "categories")] HttpRequest req)
    {
        var offered = CampaignCatalog.CategoriesOf(campaigns.Current);
        IReadOnlyList<CategoryView> categories =
        [
            .. CategoryCatalog.All
                .Where(c => offered.Contains(c.Code, StringComparer.Ordinal))
                .Select(c => new CategoryView(c.Code, c.NameZh, c.NameEn, c.Description)),
        ];
        return ApiResult.Json(StatusCodes.Status200OK, categories, ApiJson.Context.IReadOnlyListCategoryView);
    }
}
