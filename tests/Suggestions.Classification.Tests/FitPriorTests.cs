using Suggestions.Classification.Training;

namespace Suggestions.Classification.Tests;

/// <summary><c>calibrate --fit-prior</c>: the category mix of the reviewed texts, fitted with the calibration.</summary>
public sealed class FitPriorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 7, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FitBiasShift_ScoresThatSayNothing_LearnTheMix()
    {
        // Flat scores; 30 texts of category 0, 10 of 1, 20 of 2: the best shift is the log of the mix, centred.
        int[] labels = [.. Enumerable.Repeat(0, 30), .. Enumerable.Repeat(1, 10), .. Enumerable.Repeat(2, 20)];
        var logits = labels.Select(_ => new double[3]).ToArray();

        var shift = Calibration.FitBiasShift(logits, labels, regularization: 0);

        Assert.Equal(Math.Log(3), shift[0] - shift[1], 4);
        Assert.Equal(Math.Log(2), shift[2] - shift[1], 4);
        Assert.Equal(0, shift.Sum(), 9);

        // A penalty pulls the shifts toward 0, and a weight counts like repeated texts.
        var damped = Calibration.FitBiasShift(logits, labels, regularization: 1);
        Assert.InRange(damped[0] - damped[1], 0.01, Math.Log(3) - 0.01);
        var weighted = Calibration.FitBiasShift(logits, labels, 0, [.. labels.Select(l => l == 1 ? 3.0 : 1.0)]);
        Assert.Equal(0, weighted[0] - weighted[1], 4);
    }

    /// <summary>The synthetic corpus, a third of whose area texts a city's reviewers filed as <c>other</c>.</summary>
    private static List<LabeledProposal> MostlyOther() =>
        [.. TestCorpus.Build().Select((p, i) => i % 3 == 0 ? p with { Category = CategoryCodes.Other } : p)];

    [Fact]
    public void Recalibrate_FitPrior_MovesTowardTheReviewedMix_AndTheModelKeepsIt()
    {
        var model = TestCorpus.SmallModel.ToClassifier(DistrictDetector.ForZhuzhou());
        var reviewed = MostlyOther();
        var plain = Recalibrator.Recalibrate(model, reviewed, new RecalibrationOptions { Now = Now });
        var fitted = Recalibrator.Recalibrate(model, reviewed, new RecalibrationOptions { Now = Now, FitPrior = true });

        // Without it the mix is left alone; with it `other` rises most.
        Assert.Empty(plain.Model.Metadata.PriorShift);
        var shift = fitted.Model.Metadata.PriorShift;
        var other = fitted.Model.Metadata.Categories.ToList().IndexOf(CategoryCodes.Other);
        Assert.Equal(shift.Max(), shift[other]);
        Assert.True(shift[other] > 0.5);
        Assert.Equal(1, fitted.Model.Metadata.Training["recalibrationPriorFitted"]);
        Assert.NotEqual(plain.Model.Version, fitted.Model.Version);

        // The answers move with it: more of the texts the reviewers filed as `other` are answered so, in the
        // cross-fitted estimate too (each fold's mix fitted without it).
        Assert.True(Recall(fitted.CrossFitted) > Recall(plain.CrossFitted), $"{Recall(fitted.CrossFitted)} against {Recall(plain.CrossFitted)}");

        // The saved model adds the shift to every text's scores, as the in-sample figures assumed.
        var loaded = TestCorpus.Reloaded(fitted.Model.Save);
        var report = TestCorpus.Evaluate(loaded, reviewed);
        Assert.Equal(fitted.InSample.StrictAccuracy, report.StrictAccuracy, 9);
        Assert.Equal(fitted.InSample.Flagged, report.Flagged);

        foreach (var p in reviewed.Take(10))
        {
            var (before, after) = (new double[shift.Count], new double[shift.Count]);
            model.Classify(new ProposalText(p.Title, p.Text), before);
            loaded.Classify(new ProposalText(p.Title, p.Text), after);
            Assert.All(Enumerable.Range(0, shift.Count), c => Assert.Equal(before[c] + shift[c], after[c], 4));
        }
    }

    [Fact]
    public void Recalibrate_FitPriorTwice_AddsToTheShiftTheModelHas()
    {
        var model = TestCorpus.SmallModel.ToClassifier(DistrictDetector.ForZhuzhou());
        var first = Recalibrator.Recalibrate(model, MostlyOther(), new RecalibrationOptions { Now = Now, FitPrior = true }).Model;
        var second = Recalibrator.Recalibrate(first.ToClassifier(DistrictDetector.ForZhuzhou()), MostlyOther(), new RecalibrationOptions { Now = Now, FitPrior = true }).Model;

        // The second fit starts from scores that already carry the first shift: it has little left to move.
        var (a, b) = (first.Metadata.PriorShift, second.Metadata.PriorShift);
        var moved = a.Select((x, c) => Math.Abs(b[c] - x)).Max();
        Assert.True(moved < a.Select(Math.Abs).Max() / 2, $"moved {moved}");
    }

    private static double Recall(Evaluation.EvaluationReport report) =>
        report.Categories.Single(m => m.Category == CategoryCodes.Other).Recall;
}
