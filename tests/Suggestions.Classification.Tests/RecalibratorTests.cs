using System.Text.RegularExpressions;
using Suggestions.Classification.Training;

namespace Suggestions.Classification.Tests;

public sealed partial class RecalibratorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 30, 0, TimeSpan.Zero);

    [GeneratedRegex(@"^ngram-\d{12}-[0-9a-f]{8}$")]
    private static partial Regex VersionPattern();

    /// <summary>
    /// The synthetic corpus with every third text's label moved to the next category: the model (which
    /// learnt the true labels) is sure of itself and right only two times in three — over-confident,
    /// as a model is on writers unlike its training corpus.
    /// </summary>
    private static List<LabeledProposal> Reviewed()
    {
        var codes = CategoryCodes.All;
        return [.. TestCorpus.Build().Select((p, i) => i % 3 == 0
            ? p with { Category = codes[(codes.ToList().IndexOf(p.Category) + 1) % codes.Count] }
            : p)];
    }

    private static NgramClassifier Model() => TestCorpus.SmallModel.ToClassifier(DistrictDetector.ForZhuzhou());

    [Fact]
    public void Recalibrate_OverconfidentModel_ConfidenceMatchesAccuracyAndCategoriesStay()
    {
        var model = Model();
        var reviewed = Reviewed();

        var result = Recalibrator.Recalibrate(model, reviewed, new RecalibrationOptions { Now = Now });
        var recalibrated = result.Model.ToClassifier(DistrictDetector.ForZhuzhou());

        // Over-confident before (sure of every answer, right in two of three); the estimate from texts the
        // calibration did not see is much better (156 texts: the isotonic steps are coarse).
        Assert.True(result.Before.ExpectedCalibrationError > 0.3, $"ECE before {result.Before.ExpectedCalibrationError}");
        Assert.True(result.CrossFitted.ExpectedCalibrationError < result.Before.ExpectedCalibrationError * 0.6,
            $"cross-fitted ECE {result.CrossFitted.ExpectedCalibrationError} against {result.Before.ExpectedCalibrationError}");
        Assert.True(result.Model.Metadata.Temperature > model.Metadata.Temperature);

        var meanConfidence = 0.0;
        foreach (var p in reviewed)
        {
            var text = new ProposalText(p.Title, p.Text);
            var before = model.Classify(text);
            var after = recalibrated.Classify(text);
            Assert.Equal(before.Category, after.Category);
            Assert.Equal(before.Hints, after.Hints);
            Assert.True(after.Confidence <= before.Confidence, $"{p.Id}: {after.Confidence} above {before.Confidence}");
            meanConfidence += after.Confidence / reviewed.Count;
        }

        // Right 2 times in 3; the confidence now says so.
        Assert.InRange(result.Before.StrictAccuracy, 0.6, 0.7);
        Assert.InRange(meanConfidence, result.Before.StrictAccuracy - 0.05, result.Before.StrictAccuracy + 0.05);
    }

    [Fact]
    public void Recalibrate_WithTheTrainingTextsAsAnchor_LandsBetweenTheTwoStreams()
    {
        var model = Model();
        var reviewed = Reviewed();
        var oof = TestCorpus.SmallModel.OutOfFold!;

        var alone = Recalibrator.Recalibrate(model, reviewed, new RecalibrationOptions { Now = Now });
        var anchored = Recalibrator.Recalibrate(model, reviewed, new RecalibrationOptions { Now = Now, Anchor = oof, AnchorShare = 0.5 });
        double MeanConfidence(RecalibrationResult r)
        {
            var classifier = r.Model.ToClassifier(DistrictDetector.ForZhuzhou());
            return reviewed.Average(p => classifier.Classify(new ProposalText(p.Title, p.Text)).Confidence);
        }

        // The reviewed stream says "right two times in three", the training texts (scored out of fold) say
        // "almost always right": fitted on both halves, the confidences sit between the two fits.
        Assert.True(Calibration.Accuracy([.. oof.Logits], [.. oof.Labels]) > 0.9);
        Assert.True(MeanConfidence(anchored) > MeanConfidence(alone) + 0.05, $"{MeanConfidence(anchored)} against {MeanConfidence(alone)}");
        Assert.True(MeanConfidence(anchored) < reviewed.Average(p => model.Classify(new ProposalText(p.Title, p.Text)).Confidence) - 0.05);

        // Every anchor text joined the fits, weighted to half of each.
        Assert.Equal(oof.Labels.Count, anchored.Model.Metadata.Training["recalibrationAnchorTexts"]);
        Assert.Equal(0.5, anchored.Model.Metadata.Training["recalibrationAnchorShare"]);
        Assert.NotEqual(alone.Model.Version, anchored.Model.Version);

        // A share of 0 is the reviewed texts alone.
        var none = Recalibrator.Recalibrate(model, reviewed, new RecalibrationOptions { Now = Now, Anchor = oof, AnchorShare = 0 });
        Assert.Equal(alone.Model.Version, none.Model.Version);

        // The weights, and so the answers, are the same either way.
        var a = alone.Model.ToClassifier(DistrictDetector.ForZhuzhou());
        var b = anchored.Model.ToClassifier(DistrictDetector.ForZhuzhou());
        Assert.All(reviewed, p => Assert.Equal(a.Classify(new ProposalText(p.Title, p.Text)).Category, b.Classify(new ProposalText(p.Title, p.Text)).Category));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    public void Recalibrate_AnchorShareOutOfRange_IsRefused(double share)
    {
        var error = Assert.Throws<ArgumentException>(() => Recalibrator.Recalibrate(
            Model(), Reviewed(), new RecalibrationOptions { Anchor = TestCorpus.SmallModel.OutOfFold, AnchorShare = share }));

        Assert.Contains("share", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Recalibrate_TheSavedModelAnswersAsTheInSampleFigures()
    {
        var reviewed = Reviewed();
        var result = Recalibrator.Recalibrate(Model(), reviewed, new RecalibrationOptions { Now = Now });

        var loaded = TestCorpus.Reloaded(result.Model.Save);
        var report = TestCorpus.Evaluate(loaded, reviewed);

        Assert.Equal(result.InSample.ExpectedCalibrationError, report.ExpectedCalibrationError, 6);
        Assert.Equal(result.InSample.Flagged, report.Flagged);
        Assert.Equal(result.Model.Metadata.ReviewThreshold, loaded.Metadata.ReviewThreshold);
    }

    [Fact]
    public void Recalibrate_NewVersionNamesItsSource()
    {
        var model = Model();

        var first = Recalibrator.Recalibrate(model, Reviewed(), new RecalibrationOptions { Now = Now });
        var again = Recalibrator.Recalibrate(model, Reviewed(), new RecalibrationOptions { Now = Now });
        var otherData = Recalibrator.Recalibrate(model, [.. Reviewed().Where((_, i) => i % 5 != 0)], new RecalibrationOptions { Now = Now });

        Assert.Matches(VersionPattern(), first.Model.Version);
        Assert.StartsWith("ngram-202611260930-", first.Model.Version, StringComparison.Ordinal);
        Assert.NotEqual(model.ModelVersion, first.Model.Version);
        Assert.Equal(model.ModelVersion, first.Model.Metadata.RecalibratedFrom);
        Assert.Null(model.Metadata.RecalibratedFrom);
        Assert.Equal(first.Model.Version, again.Model.Version);
        Assert.NotEqual(first.Model.Version, otherData.Model.Version);
        Assert.Equal(Reviewed().Count, first.Model.Metadata.Training["recalibrationTexts"]);

        // Everything but the version, the calibration and the record of it is the source's.
        var source = model.Metadata;
        Assert.Equal(source, first.Model.Metadata with
        {
            Version = source.Version,
            CreatedAt = source.CreatedAt,
            Temperature = source.Temperature,
            IsotonicX = source.IsotonicX,
            IsotonicY = source.IsotonicY,
            ReviewThreshold = source.ReviewThreshold,
            RecalibratedFrom = null,
            Training = source.Training,
        });
    }

    [Fact]
    public void Recalibrate_TooFewTexts_IsRefused()
    {
        var few = Reviewed().Take(20).ToList();

        var e = Assert.Throws<ArgumentException>(() => Recalibrator.Recalibrate(Model(), few));

        Assert.Contains("at least 50 reviewed texts", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Recalibrate_UnknownCategory_NamesTheText()
    {
        var reviewed = Reviewed();
        reviewed[7] = reviewed[7] with { Id = "bad-7", Category = "parking" };

        var e = Assert.Throws<ArgumentException>(() => Recalibrator.Recalibrate(Model(), reviewed));

        Assert.Contains("bad-7", e.Message, StringComparison.Ordinal);
        Assert.Contains("parking", e.Message, StringComparison.Ordinal);
    }
}
