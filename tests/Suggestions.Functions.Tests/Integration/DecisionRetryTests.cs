using System.Net;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Suggestions.Classification.Training;
using Suggestions.Review;
using Suggestions.Storage;
using Suggestions.Tests.Infrastructure;

namespace Suggestions.Tests.Integration;

/// <summary>
/// The rows that follow a stored decision (queue entry, correction, recalibration row) are written even when storage fails
/// while the endpoint writes them: the decision's queued follow-up writes them again. A reviewer who sends the same decision
/// again on the version they saw (its answer lost) gets the same answer; anything else on an old version is still a
/// conflict. Through the real pipeline and queue trigger, against Azurite; only the failures are injected, around the real
/// table stores.
/// </summary>
public sealed class DecisionRetryTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly Failures _failures = new();
    private AppFactory _app = null!;

    public ValueTask InitializeAsync()
    {
        // The follow-up is due at once here (one minute as deployed), so the tests see it run.
        _app = new AppFactory(azurite.ConnectionString, new Dictionary<string, string?> { ["Review:DecisionFollowUpDelay"] = "00:00:00" }, s =>
        {
            s.AddSingleton(_failures);
            s.AddSingleton(sp => new FailingStores(
                new TableCorrectionStore(sp.GetRequiredService<TableServiceClient>()), new TableReviewedCategoryStore(sp.GetRequiredService<TableServiceClient>()), _failures));
            s.AddSingleton<ICorrectionStore>(sp => sp.GetRequiredService<FailingStores>());
            s.AddSingleton<IReviewedCategoryStore>(sp => sp.GetRequiredService<FailingStores>());
        });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData(1)] // the endpoint's own write fails; the follow-up's first run writes it
    [InlineData(3)] // the follow-up's first two runs fail too; the queue delivers it again
    public async Task Recategorise_WhoseCorrectionWriteFailed_IsAnswered_AndItsCorrectionFollows(int failures)
    {
        var campaign = "zhuzhou-2023";
        var number = await ReviewCalls.FileAsync(_app, campaign, "老年食堂", "建议在荷塘区每个社区办老年食堂，让独居老人中午能吃上热饭，价格实惠一些。");
        using var reviewer = _app.CreateStaffClient(StaffRoles.Reviewer);
        var (detail, etag) = await ReviewCalls.DetailAsync(reviewer, number);
        var modelCategory = detail.GetProperty("category").GetString()!;
        var status = detail.GetProperty("status").GetString()!;
        var newCategory = modelCategory == "social-security" ? "convenience" : "social-security";

        _failures.Corrections = failures;
        var response = await ReviewCalls.DecideAsync(reviewer, number, etag, new { action = "recategorise", category = newCategory });

        // The decision is stored, so the reviewer is told so; the correction for training follows from the queue.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal((newCategory, status), (result.GetProperty("category").GetString(), result.GetProperty("status").GetString()));
        var correction = await Eventually.GetAsync(async () => (await CorrectionsAsync(campaign, number)).SingleOrDefault());
        Assert.Equal((number, modelCategory, newCategory), (correction.TrackingNumber, correction.OldCategory, correction.NewCategory));
        Assert.Equal(0, _failures.Corrections);
        var reviewed = Assert.Single(await ReviewedAsync(campaign, number));
        Assert.Equal((newCategory, "recategorise", modelCategory), (reviewed.Category, reviewed.Action, reviewed.ModelCategory));
        Assert.DoesNotContain(number, await ReviewCalls.QueueAsync(reviewer, campaign, modelCategory, status));
        Assert.Contains(number, await ReviewCalls.QueueAsync(reviewer, campaign, newCategory, status));
    }

    [Fact]
    public async Task Accept_WhoseRecalibrationRowFailed_GetsItFromTheFollowUp_WithTheModelsAnswer()
    {
        var campaign = "zhuzhou-2023";
        var number = await ReviewCalls.FileAsync(_app, campaign, "夜班公交", "建议开通芦淞服装市场到火车站的夜班公交，方便商户晚上收摊后回家。");
        using var reviewer = _app.CreateStaffClient(StaffRoles.Reviewer);
        var (detail, etag) = await ReviewCalls.DetailAsync(reviewer, number);
        var modelCategory = detail.GetProperty("category").GetString()!;

        _failures.Reviewed = 1;
        Assert.Equal(HttpStatusCode.OK, (await ReviewCalls.DecideAsync(reviewer, number, etag, new { action = "accept" })).StatusCode);

        var reviewed = await Eventually.GetAsync(async () => (await ReviewedAsync(campaign, number)).SingleOrDefault());
        Assert.Equal((modelCategory, "accept", modelCategory), (reviewed.Category, reviewed.Action, reviewed.ModelCategory));
        Assert.Contains(number, await ReviewCalls.QueueAsync(reviewer, campaign, modelCategory, "accepted"));
        Assert.Empty(await CorrectionsAsync(campaign, number));
    }

    [Fact]
    public async Task TheSameDecisionSentAgain_OnTheVersionItWasMadeOn_GetsTheSameAnswer()
    {
        var campaign = "zhuzhou-2023";
        var number = await ReviewCalls.FileAsync(_app, campaign, "老年食堂", "建议在荷塘区每个社区办老年食堂，让独居老人中午能吃上热饭。");
        using var reviewer = _app.CreateStaffClient(StaffRoles.Reviewer);
        var (detail, etag) = await ReviewCalls.DetailAsync(reviewer, number);
        var modelCategory = detail.GetProperty("category").GetString()!;
        var newCategory = modelCategory == "social-security" ? "convenience" : "social-security";
        var body = new { action = "recategorise", category = newCategory };

        var first = await ReviewCalls.DecideAsync(reviewer, number, etag, body);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        // Its answer lost, the reviewer sends it again on the version they saw: not a conflict, the same decision.
        var again = await ReviewCalls.DecideAsync(reviewer, number, etag, body);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(first.Headers.ETag, again.Headers.ETag);
        Assert.Equal(await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), await again.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var correction = Assert.Single(await CorrectionsAsync(campaign, number));
        Assert.Equal((modelCategory, newCategory), (correction.OldCategory, correction.NewCategory));
    }

    [Fact]
    public async Task AFollowUp_ForAProposalNoOneDecided_OrUnreadable_WritesNothing()
    {
        var campaign = "zhuzhou-2023";
        var number = await ReviewCalls.FileAsync(_app, campaign, "老年食堂", "建议在荷塘区每个社区办老年食堂，让独居老人中午能吃上热饭。");
        var stored = await _app.Services.GetRequiredService<ISuggestionStore>().GetAsync(number, CancellationToken.None);
        var followUp = _app.Services.GetRequiredService<DecisionFollowUp>();

        // A follow-up queued for a decision whose replace then failed: the proposal is as the classifier left it.
        var from = new DecisionOrigin("recategorise", "housing", stored!.Status, stored.NeedsReview, stored.Category);
        await followUp.CompleteAsync(JsonSerializer.Serialize(new { trackingNumber = number, from }, JsonSerializerOptions.Web), CancellationToken.None);
        await followUp.CompleteAsync("not a follow-up", CancellationToken.None);
        await followUp.CompleteAsync("{}", CancellationToken.None);

        Assert.Empty(await CorrectionsAsync(campaign, number));
        Assert.Empty(await ReviewedAsync(campaign, number));
    }

    [Fact]
    public async Task OnAnOldVersion_ADifferentDecision_OrTheSameFromAnotherReviewer_IsStillAConflict()
    {
        var campaign = "zhuzhou-2023";
        var number = await ReviewCalls.FileAsync(_app, campaign, "老年食堂", "建议在荷塘区每个社区办老年食堂，让独居老人中午能吃上热饭。");
        using var reviewer = _app.CreateStaffClient(StaffRoles.Reviewer);
        using var colleague = _app.CreateStaffClientFor("colleague", StaffRoles.Reviewer);
        var (detail, etag) = await ReviewCalls.DetailAsync(reviewer, number);
        var newCategory = detail.GetProperty("category").GetString() == "social-security" ? "convenience" : "social-security";
        var otherCategory = newCategory == "housing" ? "education" : "housing";
        Assert.Equal(HttpStatusCode.OK, (await ReviewCalls.DecideAsync(reviewer, number, etag, new { action = "recategorise", category = newCategory })).StatusCode);

        // The same request from a colleague is no retry of theirs: it is judged on the stored version, where the proposal is
        // in that category already.
        var fromColleague = await ReviewCalls.DecideAsync(colleague, number, etag, new { action = "recategorise", category = newCategory });
        Assert.Equal(HttpStatusCode.BadRequest, fromColleague.StatusCode);
        Assert.Equal("validation_failed", await IntakeTests.Code(fromColleague));

        foreach (var (client, body) in new (HttpClient, object)[]
        {
            (colleague, new { action = "accept" }),
            (reviewer, new { action = "recategorise", category = otherCategory }),
            (reviewer, new { action = "accept" }),
            (reviewer, new { action = "accept", category = newCategory }),
        })
        {
            var response = await ReviewCalls.DecideAsync(client, number, etag, body);
            Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
            Assert.Equal("precondition_failed", await IntakeTests.Code(response));
        }

        var stored = await _app.Services.GetRequiredService<ISuggestionStore>().GetAsync(number, CancellationToken.None);
        Assert.Equal((newCategory, "classified", "tester"), (stored!.Category, stored.Status, stored.DecidedBy));
    }

    private async Task<List<Correction>> CorrectionsAsync(string campaign, params string[] numbers)
    {
        var read = new List<Correction>();
        await foreach (var c in new TableCorrectionSource(new TableClient(azurite.ConnectionString, StorageNames.CorrectionsTable)).ReadAllAsync(TestContext.Current.CancellationToken))
        {
            if (c.CampaignId == campaign && numbers.Contains(c.TrackingNumber))
            {
                read.Add(c);
            }
        }

        return read;
    }

    private async Task<List<ReviewedCategory>> ReviewedAsync(string campaign, string number)
    {
        var rows = new List<ReviewedCategory>();
        await foreach (var r in new TableReviewedCategorySource(new TableClient(azurite.ConnectionString, StorageNames.ReviewedCategoriesTable), campaign).ReadAllAsync(TestContext.Current.CancellationToken))
        {
            if (r.TrackingNumber == number)
            {
                rows.Add(r);
            }
        }

        return rows;
    }

    /// <summary>How many of the next writes to each store fail, as a storage outage would fail them.</summary>
    private sealed class Failures
    {
#pragma warning disable CA1051 // fields, so that a store can count its own down by reference
        public int Corrections;
        public int Reviewed;
#pragma warning restore CA1051
    }

    /// <summary>The real table stores, behind the failures <see cref="Failures"/> asks for.</summary>
    private sealed class FailingStores(ICorrectionStore corrections, IReviewedCategoryStore reviewed, Failures failures) : ICorrectionStore, IReviewedCategoryStore
    {
        public Task SaveAsync(Correction correction, CancellationToken cancellationToken)
        {
            FailIfDue(ref failures.Corrections);
            return corrections.SaveAsync(correction, cancellationToken);
        }

        public Task SaveAsync(ReviewedCategory reviewedCategory, CancellationToken cancellationToken)
        {
            FailIfDue(ref failures.Reviewed);
            return reviewed.SaveAsync(reviewedCategory, cancellationToken);
        }

        private static void FailIfDue(ref int due)
        {
            if (due > 0)
            {
                due--;
                throw new RequestFailedException(503, "The server is busy.");
            }
        }
    }
}
