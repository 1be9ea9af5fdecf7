using Suggestions.Classification.Evaluation;
using Suggestions.Classification.Training;

namespace Suggestions.Classification.Tests;

public sealed class EvaluatorTests
{
    private static LabeledProposal Gold(string category, string[]? also = null, string[]? hints = null) =>
        new("id", string.Empty, "text", category, also ?? [], hints ?? [], null);

    private static ClassificationResult Predicted(string category, double confidence, bool review = false, string[]? hints = null) =>
        new(category, confidence, review, [], [], hints ?? [], null, "test");

    // Four answers, worked out by hand:
    //   gold transport  → transport  0.95              correct
    //   gold transport  → health     0.55 (review)     wrong; health not in also
    //   gold health     → health     0.85              correct
    //   gold health     → transport  0.65 also=[transport]  wrong strictly, right leniently
    private static EvaluationReport Report() => Evaluator.Evaluate(
    [
        (Gold("transport", hints: ["multi_issue"]), Predicted("transport", 0.95, hints: ["multi_issue"])),
        (Gold("transport"), Predicted("health", 0.55, review: true, hints: ["multi_issue"])),
        (Gold("health", hints: ["personal_grievance"]), Predicted("health", 0.85)),
        (Gold("health", also: ["transport"]), Predicted("transport", 0.65)),
    ]);

    [Fact]
    public void Evaluate_Accuracy_StrictAndLenient()
    {
        var report = Report();

        Assert.Equal(0.5, report.StrictAccuracy, 6);
        Assert.Equal(0.75, report.LenientAccuracy, 6);
    }

    [Fact]
    public void Evaluate_PerCategoryAndMacroF1_MatchHandComputation()
    {
        var report = Report();
        var health = report.Categories.Single(c => c.Category == "health");
        var transport = report.Categories.Single(c => c.Category == "transport");

        // Each class: 1 of 2 predicted right, 1 of 2 true found: P = R = F1 = 0.5.
        Assert.Equal(0.5, health.Precision, 6);
        Assert.Equal(0.5, health.Recall, 6);
        Assert.Equal(0.5, transport.F1, 6);
        Assert.Equal(0.5, report.MacroF1, 6);
        Assert.Equal(1, report.Confusion[report.Labels.ToList().IndexOf("transport"), report.Labels.ToList().IndexOf("health")]);
    }

    [Fact]
    public void Evaluate_ExpectedCalibrationError_MatchesHandComputation()
    {
        // Bins: 0.9 → {0.95 ✓}: |0.95-1| = 0.05; 0.8 → {0.85 ✓}: 0.15; 0.6 → {0.65 ✗}: 0.65; 0.5 → {0.55 ✗}: 0.55.
        // ECE = (0.05 + 0.15 + 0.65 + 0.55) / 4 = 0.35.
        Assert.Equal(0.35, Report().ExpectedCalibrationError, 6);
    }

    [Fact]
    public void Evaluate_Hints_PrecisionRecallF1()
    {
        var report = Report();
        var multi = report.Hints.Single(h => h.Hint == "multi_issue");
        var personal = report.Hints.Single(h => h.Hint == "personal_grievance");

        Assert.Equal((1, 1, 0), (multi.TruePositives, multi.FalsePositives, multi.FalseNegatives));
        Assert.Equal(0.5, multi.Precision, 6);
        Assert.Equal(1, multi.Recall, 6);
        Assert.Equal(2 / 3.0, multi.F1, 6);
        Assert.Equal(0, personal.Recall, 6);
    }

    [Fact]
    public void Evaluate_NeedsReview_CountsFlaggedErrors()
    {
        var report = Report();

        Assert.Equal(2, report.Errors);
        Assert.Equal(1, report.ErrorsFlagged);
        Assert.Equal(1, report.Flagged);
        Assert.Equal(2 / 3.0, report.AccuracyUnflagged, 6);
        Assert.Contains("macro-F1", report.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public void ByLength_BinsByTitlePlusText_EachWithItsOwnReport()
    {
        static (LabeledProposal, ClassificationResult) Pair(string id, int titleLength, int textLength, string gold, string predicted) =>
            (new LabeledProposal(id, new string('题', titleLength), new string('文', textLength), gold, [], [], null),
             new ClassificationResult(predicted, 0.9, false, [], [], [], null, "test"));
        var pairs = new[]
        {
            Pair("a", 0, 59, "transport", "transport"),  // 59: first bin
            Pair("b", 10, 50, "transport", "health"),    // 60 with the title: second bin
            Pair("c", 0, 119, "health", "health"),       // second bin
            Pair("d", 0, 400, "health", "transport"),    // last bin
        };

        var bins = Evaluator.ByLength(pairs);

        // The 120–249 bin has no text and is left out.
        Assert.Equal([(0, (int?)60), (60, 120), (250, null)], bins.Select(b => (b.From, b.To)));
        Assert.Equal([1, 2, 1], bins.Select(b => b.Pairs.Count));
        Assert.Equal([1.0, 0.5, 0.0], bins.Select(b => b.Report.StrictAccuracy));
        Assert.Equal(["b", "c"], bins[1].Pairs.Select(p => p.Gold.Id));

        Assert.Throws<ArgumentException>(() => Evaluator.ByLength(pairs, [120, 60]));

        // The command's table: one line per bin, the second reviewer beside the model when given.
        using var output = new StringWriter();
        Suggestions.Cli.EvaluateCommand.WriteByLength(output, pairs, [new ReviewLabel("b", "transport", [], []), new ReviewLabel("c", "transport", [], [])]);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(4, lines.Length);
        string Cells(string line) => string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("0–59 1 1.000 / 1.000 —", Cells(lines[1]));
        Assert.Equal("60–119 2 0.500 / 0.500 0.500 / 0.500", Cells(lines[2]));
        Assert.Equal("≥ 250 1 0.000 / 0.000 —", Cells(lines[3]));
    }

    [Theory]
    [InlineData(new[] { 0.9, 0.8, 0.7, 0.6 }, new[] { true, true, false, false }, 1.0)]
    [InlineData(new[] { 0.9, 0.8, 0.7, 0.6 }, new[] { true, false, true, false }, (1.0 + (2.0 / 3)) / 2)]
    [InlineData(new[] { 0.6, 0.7, 0.8, 0.9 }, new[] { true, false, false, false }, 0.25)]
    [InlineData(new[] { 0.5, 0.5, 0.1 }, new[] { true, false, true }, ((1 * 0.5) + (2.0 / 3)) / 2)] // a tie counts at its end
    public void AveragePrecision_RanksByScore(double[] scores, bool[] positive, double expected)
    {
        Assert.Equal(expected, Evaluator.AveragePrecision(scores, positive), 10);
    }

    [Fact]
    public void AveragePrecision_WithoutPositives_IsNaN_AndLengthsMustMatch()
    {
        Assert.True(double.IsNaN(Evaluator.AveragePrecision([0.3, 0.2], [false, false])));
        Assert.Throws<ArgumentException>(() => Evaluator.AveragePrecision([0.3], [true, false]));
    }
}

