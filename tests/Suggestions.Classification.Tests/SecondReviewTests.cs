using Suggestions.Classification.Evaluation;
using Suggestions.Classification.Training;

namespace Suggestions.Classification.Tests;

public sealed class SecondReviewTests
{
    private static LabeledProposal Gold(string id, string category, params string[] also) =>
        new(id, string.Empty, "text", category, also, [], null);

    private static ClassificationResult Answer(string category) =>
        new(category, 0.7, false, [], [], [], null, "test");

    [Fact]
    public void Read_ParsesLabels_SkipsBlankLines_AndNamesTheBadLine()
    {
        var labels = SecondReview.Read(new StringReader(
            "{\"id\":\"a\",\"category\":\"transport\",\"also\":[\"convenience\"],\"hints\":[\"multi_issue\"]}\n\n{\"id\":\"b\",\"category\":\"other\"}\n"));

        Assert.Equal(2, labels.Count);
        Assert.Equal(("a", "transport"), (labels[0].Id, labels[0].Category));
        Assert.Equal(["convenience"], labels[0].Also);
        Assert.Equal(["multi_issue"], labels[0].Hints);
        Assert.Empty(labels[1].Also);

        var error = Assert.Throws<InvalidDataException>(() => SecondReview.Read(new StringReader("{\"id\":\"a\",\"category\":\"transport\"}\n{\"id\":\"b\",\"category\":\"parks\"}")));
        Assert.StartsWith("line 2:", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => SecondReview.Read(new StringReader("not json")));
    }

    [Fact]
    public void Compare_ScoresTheReviewerLikeTheModel_AndTheModelAgainstEitherReviewer()
    {
        // Worked out by hand:
        //   a: gold transport          reviewer transport               model health      → reviewer right; model wrong for both
        //   b: gold health             reviewer social-security (also health)  model social-security → reviewer wrong (strict and lenient); model right only for the reviewer
        //   c: gold housing also=[governance]  reviewer governance     model governance  → reviewer right leniently; model right for both
        //   d: gold other              (no second review)               model other       → left out
        var pairs = new List<(LabeledProposal, ClassificationResult)>
        {
            (Gold("a", "transport"), Answer("health")),
            (Gold("b", "health"), Answer("social-security")),
            (Gold("c", "housing", "governance"), Answer("governance")),
            (Gold("d", "other"), Answer("other")),
        };
        var reviews = new List<ReviewLabel>
        {
            new("a", "transport", [], []),
            new("b", "social-security", ["health"], []),
            new("c", "governance", [], []),
        };

        var report = SecondReview.Compare(pairs, reviews);

        Assert.Equal(3, report.Reviewed);
        Assert.Equal(1, report.Missing);
        Assert.Equal(1 / 3.0, report.Reviewer.StrictAccuracy, 6);
        Assert.Equal(2 / 3.0, report.Reviewer.LenientAccuracy, 6);
        Assert.Equal(2 / 3.0, report.ModelLenientAgainstEither, 6);
        Assert.Equal(2 / 3.0, report.ModelAgreesWithReviewer, 6);
        Assert.Throws<InvalidDataException>(() => SecondReview.Compare(pairs, [new ReviewLabel("zzz", "other", [], [])]));
    }
}
