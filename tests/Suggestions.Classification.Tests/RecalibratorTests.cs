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

    /// <summary>The model's probability of each learned hint for a text, as its thresholds see it.</summary>
    private static double[] HintProbabilities(NgramClassifier model, LabeledProposal p)
    {
        var probabilities = new double[model.Metadata.Hints.Count];
        model.Classify(new ProposalText(p.Title, p.Text), null, probabilities);
        return probabilities;
    }

    /// <summary>
    /// A city whose reviewers call more texts a personal grievance than the training corpus does: the synthetic corpus
    /// as it is, plus each area text with grievance cues appended (three wordings; the small model gives these probabilities spread
    /// over 0–1), labelled a grievance where the model's probability is at least the returned cut — a cut below the
    /// model's own threshold: the median of the probabilities from 0.2 to 0.05 below that threshold.
    /// </summary>
    private static (List<LabeledProposal> Texts, double Cut) LenientGrievanceReviewers(NgramClassifier model)
    {
        var hint = model.Metadata.Hints.ToList().IndexOf(HintCodes.PersonalGrievance);
        var corpus = TestCorpus.Build();
        var variants = corpus.Where(p => p.Hints.Count == 0)
            .Select((p, i) => p with { Id = p.Id + "-cues", Text = p.Text + (i % 3) switch { 0 => "，找了好多次没人管，我要讨个说法", 1 => "，要求赔偿我两千块，我家住在三楼", _ => "，我家的事找了好多次没人管" } })
            .ToList();
        var below = model.Metadata.HintThresholds[hint] - 0.05;
        var middle = variants.Select(p => HintProbabilities(model, p)[hint]).Where(x => x > 0.2 && x < below).Order().ToArray();
        var cut = (middle[(middle.Length / 2) - 1] + middle[middle.Length / 2]) / 2;
        return ([.. corpus, .. variants.Select(p => p with { Hints = HintProbabilities(model, p)[hint] >= cut ? [HintCodes.PersonalGrievance] : [] })], cut);
    }

    [Fact]
    public void Recalibrate_FitHints_ChoosesEachThresholdOnTheReviewedHintLabels_AndChangesNothingElse()
    {
        var model = Model();
        var (reviewed, cut) = LenientGrievanceReviewers(model);
        var hint = model.Metadata.Hints.ToList().IndexOf(HintCodes.PersonalGrievance);
        var between = reviewed.Count(p => HintProbabilities(model, p)[hint] is var x && x >= cut && x < model.Metadata.HintThresholds[hint]);
        Assert.True(between >= 5, $"only {between} texts between the reviewers' cut and the model's threshold"); // the test needs texts to move

        var plain = Recalibrator.Recalibrate(model, reviewed, new RecalibrationOptions { Now = Now });
        var fitted = Recalibrator.Recalibrate(model, reviewed, new RecalibrationOptions { Now = Now, FitHints = true });
        double F1(Evaluation.EvaluationReport r) => r.Hints.Single(m => m.Hint == HintCodes.PersonalGrievance).F1;

        // The threshold moves down into the reviewers' cut: on the texts it was fitted on, the hint fires exactly where they put it.
        var threshold = fitted.Model.Metadata.HintThresholds[hint];
        Assert.InRange(threshold, 0.15, cut);
        Assert.True(threshold < model.Metadata.HintThresholds[hint] - 0.05, $"{threshold} against {model.Metadata.HintThresholds[hint]}");
        Assert.Equal(1.0, F1(fitted.InSample));
        Assert.True(F1(fitted.Before) < 1, $"as trained {F1(fitted.Before)}");
        Assert.True(F1(fitted.CrossFitted) > F1(fitted.Before), $"cross-fitted {F1(fitted.CrossFitted)} against {F1(fitted.Before)}");
        Assert.Equal(threshold, fitted.Model.Metadata.Training["hint.personal_grievance.recalibratedThreshold"]);

        // The saved model answers as the in-sample figures; its categories, confidences and review flags are those of the
        // recalibration without hints, and a hint the model keeps silent (no training example) stays silent.
        var loaded = TestCorpus.Reloaded(fitted.Model.Save);
        var withoutHints = plain.Model.ToClassifier(DistrictDetector.ForZhuzhou());
        foreach (var p in reviewed)
        {
            var text = new ProposalText(p.Title, p.Text);
            var (a, b) = (loaded.Classify(text), withoutHints.Classify(text));
            Assert.Equal(p.Hints, a.Hints);
            Assert.Equal((b.Category, b.Confidence, b.NeedsReview), (a.Category, a.Confidence, a.NeedsReview));
        }

        Assert.All(
            Enumerable.Range(0, model.Metadata.Hints.Count).Where(h => h != hint),
            h => Assert.Equal(model.Metadata.HintThresholds[h], fitted.Model.Metadata.HintThresholds[h]));
        Assert.Equal(1.01, model.Metadata.HintThresholds[model.Metadata.Hints.ToList().IndexOf(HintCodes.MultiIssue)]);
        Assert.NotEqual(plain.Model.Version, fitted.Model.Version);
        Assert.Equal(model.Metadata.HintThresholds, plain.Model.Metadata.HintThresholds);
    }

    [Fact]
    public void Recalibrate_FitHints_TheAnchorsOutOfFoldHintScoresJoinTheFitAtItsShare()
    {
        var model = Model();
        var (reviewed, cut) = LenientGrievanceReviewers(model);
        var hint = model.Metadata.Hints.ToList().IndexOf(HintCodes.PersonalGrievance);

        // Another stream whose reviewers call the same texts a grievance only from a high probability on (0.8).
        var scores = reviewed.Select(p => HintProbabilities(model, p)[hint]).ToArray();
        var strict = TestCorpus.SmallModel.OutOfFold! with
        {
            Hints = [new HintAnchor(HintCodes.PersonalGrievance, scores, [.. scores.Select(x => x >= 0.8 ? 1 : 0)])],
        };
        double Threshold(double share) => Recalibrator.Recalibrate(model, reviewed, new RecalibrationOptions
        {
            Now = Now,
            FitHints = true,
            Anchor = strict,
            AnchorShare = share,
        }).Model.Metadata.HintThresholds[hint];

        // Alone, the reviewers' cut (below the model's threshold); with the strict stream at nine parts in ten, near that stream's (0.8).
        Assert.True(Threshold(0) <= cut, $"alone {Threshold(0)}, cut {cut}");
        Assert.InRange(Threshold(0.9), 0.6, 0.85);
        Assert.True(Threshold(0.5) >= Threshold(0), $"half {Threshold(0.5)}, alone {Threshold(0)}");
    }

    [Fact]
    public void Recalibrate_FitHints_AHintWithFewerPositiveTextsThanTheMinimum_KeepsItsThreshold()
    {
        var model = Model();
        var (reviewed, _) = LenientGrievanceReviewers(model);
        var hint = model.Metadata.Hints.ToList().IndexOf(HintCodes.PersonalGrievance);
        var positives = reviewed.Count(p => p.Hints.Contains(HintCodes.PersonalGrievance));
        double Threshold(int minimum) => Recalibrator.Recalibrate(model, reviewed, new RecalibrationOptions { Now = Now, FitHints = true, MinimumHintPositives = minimum })
            .Model.Metadata.HintThresholds[hint];

        Assert.True(positives >= new RecalibrationOptions().MinimumHintPositives, $"{positives} positive texts");
        Assert.Equal(model.Metadata.HintThresholds[hint], Threshold(positives + 1));
        Assert.NotEqual(model.Metadata.HintThresholds[hint], Threshold(positives));
    }

    [Fact]
    public void Recalibrate_FitHints_WithoutHintLabels_IsRefused()
    {
        var unlabelled = Reviewed().Select(p => p with { Hints = [] }).ToList();

        var e = Assert.Throws<ArgumentException>(() => Recalibrator.Recalibrate(Model(), unlabelled, new RecalibrationOptions { FitHints = true }));

        Assert.Contains("labelled with hints", e.Message, StringComparison.Ordinal);
        Assert.Contains($"none of the {unlabelled.Count} texts", e.Message, StringComparison.Ordinal);
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
