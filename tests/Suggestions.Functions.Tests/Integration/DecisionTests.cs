using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Suggestions.Classification.Training;
using Suggestions.Queueing;
using Suggestions.Review;
using Suggestions.Storage;
using Suggestions.Tests.Infrastructure;

namespace Suggestions.Tests.Integration;

/// <summary>A reviewer's decision through the real pipeline, against Azurite.</summary>
public sealed class DecisionTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly AppFactory _app = new(azurite.ConnectionString);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Recategorise_MovesTheProposalBetweenQueues_AndStoresACorrectionTrainingReads()
    {
        var campaign = "zhuzhou-2023";
        var number = await ReviewCalls.FileAsync(_app, campaign, "老年食堂", "建议在荷塘区每个社区办老年食堂，让独居老人中午能吃上热饭，价格实惠一些。");
        using var reviewer = _app.CreateStaffClient(StaffRoles.Reviewer);
        var (detail, etag) = await ReviewCalls.DetailAsync(reviewer, number);
        var oldCategory = detail.GetProperty("category").GetString()!;
        var newCategory = oldCategory == "social-security" ? "convenience" : "social-security";
        var oldStatus = detail.GetProperty("status").GetString()!;

        var response = await ReviewCalls.DecideAsync(reviewer, number, etag, new { action = "recategorise", category = newCategory });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(newCategory, result.GetProperty("category").GetString());
        Assert.Equal(oldStatus, result.GetProperty("status").GetString());
        Assert.NotEqual(etag, response.Headers.ETag!.ToString());

        // The reviewer queues follow: gone from the old category's, present in the new one's.
        Assert.DoesNotContain(number, await ReviewCalls.QueueAsync(reviewer, campaign, oldCategory, oldStatus));
        Assert.Contains(number, await ReviewCalls.QueueAsync(reviewer, campaign, newCategory, oldStatus));

        // The correction is in the Corrections table, where training reads it (text kept, contact not).
        var read = new List<Correction>();
        await foreach (var c in new TableCorrectionSource(new TableClient(azurite.ConnectionString, StorageNames.CorrectionsTable)).ReadAllAsync(TestContext.Current.CancellationToken))
        {
            read.Add(c);
        }

        var correction = Assert.Single(read, c => c.TrackingNumber == number);
        Assert.Equal((campaign, oldCategory, newCategory, "老年食堂"), (correction.CampaignId, correction.OldCategory, correction.NewCategory, correction.Title));
        var row = await new TableClient(azurite.ConnectionString, StorageNames.CorrectionsTable).GetEntityAsync<TableEntity>(campaign, number, cancellationToken: TestContext.Current.CancellationToken);
        Assert.DoesNotContain(row.Value.Keys, k => k.Contains("Contact", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryDecision_LeavesItsCategoryBesideTheModels_ForRecalibration()
    {
        var campaign = "rev-" + Guid.NewGuid().ToString("N")[..8];
        var accepted = await ReviewCalls.FileAsync(_app, campaign, "夜班公交", "建议开通芦淞服装市场到火车站的夜班公交，方便商户晚上收摊后回家。");
        var moved = await ReviewCalls.FileAsync(_app, campaign, "老年食堂", "建议在荷塘区每个社区办老年食堂，让独居老人中午能吃上热饭。");
        var rejected = await ReviewCalls.FileAsync(_app, campaign, "", "我家楼上邻居装修把我家天花板弄漏水了，物业不管，请政府让他赔钱。");
        using var reviewer = _app.CreateStaffClient(StaffRoles.Reviewer);

        var (detail, etag) = await ReviewCalls.DetailAsync(reviewer, accepted);
        var acceptedModel = detail.GetProperty("category").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await ReviewCalls.DecideAsync(reviewer, accepted, etag, new { action = "accept" })).StatusCode);

        (detail, etag) = await ReviewCalls.DetailAsync(reviewer, moved);
        var movedModel = detail.GetProperty("category").GetString()!;
        var movedTo = movedModel == "social-security" ? "convenience" : "social-security";
        var recategorised = await ReviewCalls.DecideAsync(reviewer, moved, etag, new { action = "recategorise", category = movedTo });
        Assert.Equal(HttpStatusCode.OK, recategorised.StatusCode);

        // A second decision replaces the first, but the row still says what the classifier said.
        Assert.Equal(HttpStatusCode.OK, (await ReviewCalls.DecideAsync(reviewer, moved, recategorised.Headers.ETag!.ToString(), new { action = "accept" })).StatusCode);

        (_, etag) = await ReviewCalls.DetailAsync(reviewer, rejected);
        Assert.Equal(HttpStatusCode.OK, (await ReviewCalls.DecideAsync(reviewer, rejected, etag, new { action = "reject", reasonCode = "personal_grievance", publicReply = "属于个人纠纷，建议找社区调解。" })).StatusCode);

        var rows = new List<ReviewedCategory>();
        await foreach (var r in new TableReviewedCategorySource(new TableClient(azurite.ConnectionString, StorageNames.ReviewedCategoriesTable), campaign).ReadAllAsync(TestContext.Current.CancellationToken))
        {
            rows.Add(r);
        }

        Assert.Equal(3, rows.Count);
        var version = (await _app.Services.GetRequiredService<ISuggestionStore>().GetAsync(accepted, CancellationToken.None))!.ModelVersion;
        Assert.NotNull(version);
        var a = rows.Single(r => r.TrackingNumber == accepted);
        Assert.Equal((acceptedModel, "accept", acceptedModel, version), (a.Category, a.Action, a.ModelCategory, a.ModelVersion));
        Assert.Equal("夜班公交", a.Title);
        var m = rows.Single(r => r.TrackingNumber == moved);
        Assert.Equal((movedTo, "accept", movedModel, version), (m.Category, m.Action, m.ModelCategory, m.ModelVersion));
        Assert.Equal("reject", rows.Single(r => r.TrackingNumber == rejected).Action);

        // What recalibration takes from them: the accepted and the recategorised, not the rejection.
        var labels = await ReviewedCategories.ReadLabelsAsync(
            new TableReviewedCategorySource(new TableClient(azurite.ConnectionString, StorageNames.ReviewedCategoriesTable), campaign),
            Classification.CategoryCodes.All,
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(new[] { accepted, moved }.Order(StringComparer.Ordinal), labels.Labels.Select(l => l.Id));
        Assert.Equal((2, 1), labels.ModelAgreement[version]);

        // Text is kept for the recalibration; contact data never is.
        var row = await new TableClient(azurite.ConnectionString, StorageNames.ReviewedCategoriesTable).GetEntityAsync<TableEntity>(campaign, rejected, cancellationToken: TestContext.Current.CancellationToken);
        Assert.DoesNotContain(row.Value.Keys, k => k.Contains("Contact", StringComparison.Ordinal) || k.Contains("Phone", StringComparison.Ordinal));
        Assert.DoesNotContain(row.Value, p => p.Value is string text && text.Contains("13807330000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StaleETag_Returns412_AndMissingIfMatch_Returns428_AndNothingChanges()
    {
        var number = await ReviewCalls.FileAsync(_app, "zhuzhou-2023", "夜班公交", "建议开通芦淞服装市场到火车站的夜班公交，方便商户晚上收摊后回家。");
        using var reviewer = _app.CreateStaffClient(StaffRoles.Reviewer);
        var (_, etag) = await ReviewCalls.DetailAsync(reviewer, number);

        var first = await ReviewCalls.DecideAsync(reviewer, number, etag, new { action = "accept" });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        // A colleague still holding the old ETag is told, not silently overwritten.
        var second = await ReviewCalls.DecideAsync(reviewer, number, etag, new { action = "reject", reasonCode = "unclear", publicReply = "内容不够具体。" });
        Assert.Equal(HttpStatusCode.PreconditionFailed, second.StatusCode);
        Assert.Equal("precondition_failed", await IntakeTests.Code(second));

        var missing = await ReviewCalls.DecideAsync(reviewer, number, null, new { action = "reject", reasonCode = "unclear", publicReply = "内容不够具体。" });
        Assert.Equal((HttpStatusCode)428, missing.StatusCode);
        Assert.Equal("precondition_required", await IntakeTests.Code(missing));

        var (after, _) = await ReviewCalls.DetailAsync(reviewer, number);
        Assert.Equal("accepted", after.GetProperty("status").GetString());

        // "If-Match: *" means "whatever the current version is", as HTTP defines it.
        var other = after.GetProperty("category").GetString() == "education" ? "housing" : "education";
        var any = await ReviewCalls.DecideAsync(reviewer, number, "*", new { action = "recategorise", category = other });
        Assert.Equal(HttpStatusCode.OK, any.StatusCode);
    }

    [Fact]
    public async Task Reject_NeedsAReasonAndAReply_WhichThePublicStatusShows()
    {
        var number = await ReviewCalls.FileAsync(_app, "zhuzhou-2023", "", "我家楼上邻居装修把我家天花板弄漏水了，物业不管，请政府让他赔钱。");
        using var reviewer = _app.CreateStaffClient(StaffRoles.Reviewer);
        var (_, etag) = await ReviewCalls.DetailAsync(reviewer, number);

        var incomplete = await ReviewCalls.DecideAsync(reviewer, number, etag, new { action = "reject", reasonCode = "no_such_reason" });
        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);
        var errors = JsonDocument.Parse(await incomplete.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("reasonCode", out _));
        Assert.True(errors.TryGetProperty("publicReply", out _));

        var reply = "您反映的是邻里之间的个人纠纷，不属于民生实事项目。建议联系社区调解委员会或12345热线。";
        var rejected = await ReviewCalls.DecideAsync(reviewer, number, etag, new { action = "reject", reasonCode = "personal_grievance", publicReply = "<b>" + reply + "</b>" });
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);

        using var citizen = _app.CreateClient();
        var status = await citizen.GetFromJsonAsync<JsonElement>($"/api/suggestions/{number}", TestContext.Current.CancellationToken);
        Assert.Equal("rejected", status.GetProperty("status").GetString());
        Assert.Equal(reply, status.GetProperty("publicReply").GetString()); // markup stripped, text kept
    }

    [Fact]
    public async Task Duplicate_MustNameAnotherExistingProposal()
    {
        var original = await ReviewCalls.FileAsync(_app, "zhuzhou-2023", "候车亭", "建议在天元区泰山路公交站增设候车亭和座椅，方便老人等车。");
        var repeat = await ReviewCalls.FileAsync(_app, "zhuzhou-2023", "候车亭", "泰山路公交站没有候车亭，下雨天等车淋雨，建议加建。");
        using var reviewer = _app.CreateStaffClient(StaffRoles.Reviewer);
        var (_, etag) = await ReviewCalls.DetailAsync(reviewer, repeat);

        var self = await ReviewCalls.DecideAsync(reviewer, repeat, etag, new { action = "duplicate", duplicateOf = repeat });
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        var unknown = await ReviewCalls.DecideAsync(reviewer, repeat, etag, new { action = "duplicate", duplicateOf = TestNumbers.New().Value });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);

        var ok = await ReviewCalls.DecideAsync(reviewer, repeat, etag, new { action = "duplicate", duplicateOf = original });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var (detail, _) = await ReviewCalls.DetailAsync(reviewer, repeat);
        Assert.Equal("duplicate", detail.GetProperty("status").GetString());
        Assert.Equal(Tracking.TrackingNumber.ToDisplay(original), detail.GetProperty("duplicateOf").GetString());
        Assert.Equal("tester", (await _app.Services.GetRequiredService<ISuggestionStore>().GetAsync(repeat, CancellationToken.None))!.DecidedBy);
    }

    [Fact]
    public async Task BadBodies_GetClearProblems()
    {
        var number = await ReviewCalls.FileAsync(_app, "zhuzhou-2023", "路灯", "建议在石峰区响石岭街道背街小巷安装路灯，晚上太黑不安全。");
        using var reviewer = _app.CreateStaffClient(StaffRoles.Reviewer);
        var (_, etag) = await ReviewCalls.DetailAsync(reviewer, number);

        var noAction = await ReviewCalls.DecideAsync(reviewer, number, etag, new { action = "approve" });
        Assert.Equal("validation_failed", await IntakeTests.Code(noAction));

        using var notJson = new HttpRequestMessage(HttpMethod.Post, $"/api/review/suggestions/{number}/decision") { Content = new StringContent("{oops", Encoding.UTF8, "application/json") };
        notJson.Headers.TryAddWithoutValidation("If-Match", etag);
        Assert.Equal("malformed_body", await IntakeTests.Code(await reviewer.SendAsync(notJson, TestContext.Current.CancellationToken)));

        using var text = new HttpRequestMessage(HttpMethod.Post, $"/api/review/suggestions/{number}/decision") { Content = new StringContent("accept", Encoding.UTF8, "text/plain") };
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await reviewer.SendAsync(text, TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task ReviewQueue_ShowsWhatTheClassifierWasUnsureOfFirst_EachGroupNewestFirst()
    {
        // Index rows written directly, so the flags are known: a campaign id no other test uses.
        var store = _app.Services.GetRequiredService<ISuggestionStore>();
        var campaign = "order-" + Guid.NewGuid().ToString("N")[..8];
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var rows = Enumerable.Range(0, 4).Select(i => new SuggestionRecord
        {
            TrackingNumber = TestNumbers.New().Value,
            CampaignId = campaign,
            Channel = Channels.Web,
            ReceivedAt = start.AddMinutes(i),
            Title = $"建议{i}",
            Content = "内容",
            Status = SuggestionStatus.Classified,
            Category = "transport",
            NeedsReview = i % 2 == 0, // 0 and 2 unsure; 3 is the newest overall
        }).ToList();
        foreach (var row in rows)
        {
            await store.UpsertIndexAsync(row, CancellationToken.None);
        }

        var page = await store.ListAsync(campaign, "transport", SuggestionStatus.Classified, null, 10, CancellationToken.None);
        Assert.Equal([rows[2].TrackingNumber, rows[0].TrackingNumber, rows[3].TrackingNumber, rows[1].TrackingNumber], page.Items.Select(i => i.TrackingNumber));
    }

}
