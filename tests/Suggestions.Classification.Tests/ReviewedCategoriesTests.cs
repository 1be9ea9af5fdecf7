using Suggestions.Classification.Training;

namespace Suggestions.Classification.Tests;

public sealed class ReviewedCategoriesTests
{
    private static readonly DateTimeOffset Day = new(2026, 12, 10, 9, 0, 0, TimeSpan.Zero);

    private static ReviewedCategory Row(string campaign, string number, string category, string action, string? model, string? version = "m1", int day = 0) =>
        new(campaign, number, "标题", "内容 " + number, category, action, model, model is null ? null : version, Day.AddDays(day));

    [Fact]
    public async Task ReadLabels_KeepsTheDecisionsWhoseCategoryAReviewerStandsBehind()
    {
        var source = new InMemoryReviewedCategorySource(
        [
            Row("c2", "B", "transport", "accept", "transport"),
            Row("c1", "Z", "housing", "recategorise", "transport"),
            Row("c1", "A", "education", "accept", "education"),
            Row("c1", "R", "other", "reject", "other"),          // a rejection: category not vouched for
            Row("c1", "D", "transport", "duplicate", "transport"), // nor a duplicate mark
            Row("c1", "X", "no-such-area", "accept", null),      // not a category of the model
        ]);

        var labels = await ReviewedCategories.ReadLabelsAsync(source, CategoryCodes.All, cancellationToken: TestContext.Current.CancellationToken);

        // Stable order (campaign, tracking number), the reviewer's category as the label, the campaign as the batch.
        Assert.Equal(["A", "Z", "B"], labels.Labels.Select(l => l.Id));
        Assert.Equal(["education", "housing", "transport"], labels.Labels.Select(l => l.Category));
        Assert.Equal(["c1", "c1", "c2"], labels.Labels.Select(l => l.Batch));
        Assert.Equal("内容 Z", labels.Labels[1].Text);
        Assert.Equal((6, 2, 0, 1), (labels.Read, labels.SkippedAction, labels.SkippedDate, labels.SkippedCategory));
    }

    [Fact]
    public async Task ReadLabels_SinceAndActions_NarrowOrWidenTheSelection()
    {
        var source = new InMemoryReviewedCategorySource(
        [
            Row("c", "old", "transport", "accept", "transport", day: -30),
            Row("c", "new", "transport", "accept", "transport", day: 0),
            Row("c", "rej", "other", "reject", "other", day: 1),
        ]);

        var recent = await ReviewedCategories.ReadLabelsAsync(
            source, CategoryCodes.All, new ReviewedSelection { Since = Day.AddDays(-1) }, TestContext.Current.CancellationToken);
        var withRejections = await ReviewedCategories.ReadLabelsAsync(
            source, CategoryCodes.All, new ReviewedSelection { Actions = ["accept", "reject"] }, TestContext.Current.CancellationToken);

        Assert.Equal(["new"], recent.Labels.Select(l => l.Id));
        Assert.Equal((1, 1), (recent.SkippedDate, recent.SkippedAction));
        Assert.Equal(["new", "old", "rej"], withRejections.Labels.Select(l => l.Id));
    }

    [Fact]
    public async Task ReadLabels_CountsHowOftenReviewersKeptEachModelsCategory()
    {
        var source = new InMemoryReviewedCategorySource(
        [
            Row("c", "1", "transport", "accept", "transport", "m1"),
            Row("c", "2", "housing", "recategorise", "transport", "m1"),
            Row("c", "3", "housing", "accept", "housing", "m1"),
            Row("c", "4", "health", "accept", "health", "m2"),
            Row("c", "5", "health", "accept", null), // never classified: no model to credit
        ]);

        var labels = await ReviewedCategories.ReadLabelsAsync(source, CategoryCodes.All, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(5, labels.Labels.Count);
        Assert.Equal((3, 2), labels.ModelAgreement["m1"]);
        Assert.Equal((1, 1), labels.ModelAgreement["m2"]);
        Assert.Equal(2, labels.ModelAgreement.Count);
        var line = ReviewedCategories.Describe(labels);
        Assert.Contains("5 reviewed rows read, 5 used", line, StringComparison.Ordinal);
        Assert.Contains("m1: reviewers kept its category on 2 of 3", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReviewedLabels_RecalibrateAModel()
    {
        // The synthetic corpus as if reviewers had decided every text: enough for a recalibration.
        var model = TestCorpus.SmallModel.ToClassifier(DistrictDetector.ForZhuzhou());
        var rows = TestCorpus.Build().Select((p, i) => new ReviewedCategory(
            "c", p.Id, p.Title, p.Text, p.Category, i % 4 == 0 ? "recategorise" : "accept", p.Category, model.ModelVersion, Day));

        var labels = await ReviewedCategories.ReadLabelsAsync(new InMemoryReviewedCategorySource(rows), model.Metadata.Categories, cancellationToken: TestContext.Current.CancellationToken);
        var result = Recalibrator.Recalibrate(model, labels.Labels, new RecalibrationOptions { Now = Day });

        Assert.Equal(TestCorpus.Build().Count, labels.Labels.Count);
        Assert.Equal(model.ModelVersion, result.Model.Metadata.RecalibratedFrom);
        Assert.Equal(labels.Labels.Count, result.Before.Count);
    }
}
