using Suggestions.Classification.Features;
using Suggestions.Classification.Model;
using Suggestions.Classification.Training;

namespace Suggestions.Classification.Tests;

/// <summary>
/// The length's scale on the category scores (<see cref="TrainingOptions.LengthScale"/>, <see cref="ModelMetadata.LengthSlope"/>):
/// fitted with the temperature, applied before calibration, never changing which category comes first.
/// </summary>
public sealed class LengthScaleTests
{
    [Fact]
    public void Factor_IsOneAtTheCentreOrWithoutSlope_AndMovesShortAndLongTextsApart()
    {
        Assert.Equal(0, LengthScale.Covariate(LengthScale.CentreLength), 12);
        Assert.Equal(1, LengthScale.Factor(0, 15));
        Assert.Equal(1, LengthScale.Factor(-0.4, LengthScale.CentreLength), 12);

        // A negative slope sharpens short texts' scores and flattens long ones'.
        Assert.True(LengthScale.Factor(-0.4, 20) > 1);
        Assert.True(LengthScale.Factor(-0.4, 600) < 1);
        Assert.Equal(Math.Exp(-0.4 * (Math.Log(21) - Math.Log(121))), LengthScale.Factor(-0.4, 20), 12);

        // Length counts non-blank characters, as the too_long rule does.
        Assert.Equal(4, LengthScale.NonBlank(" 路灯 坏了\n"));
        Assert.Equal(0, LengthScale.NonBlank(null));
    }

    /// <summary>Labels drawn from softmax(z · exp(slope · covariate)): the fit finds that slope.</summary>
    private static (double[][] Logits, int[] Labels, double[] Covariates) Drawn(double slope, int count, int seed)
    {
        var random = new Random(seed);
        var logits = new double[count][];
        var labels = new int[count];
        var covariates = new double[count];
        for (var i = 0; i < count; i++)
        {
            covariates[i] = LengthScale.Covariate(random.Next(8, 900));
            logits[i] = [.. Enumerable.Range(0, 4).Select(_ => (random.NextDouble() * 4) - 2)];
            var factor = Math.Exp(slope * covariates[i]);
            var p = logits[i].Select(z => Math.Exp(z * factor)).ToArray();
            var u = random.NextDouble() * p.Sum();
            var label = 0;
            while (label < 3 && (u -= p[label]) > 0)
            {
                label++;
            }

            labels[i] = label;
        }

        return (logits, labels, covariates);
    }

    [Theory]
    [InlineData(-0.5)]
    [InlineData(0.0)]
    [InlineData(0.3)]
    public void FitLengthSlope_FindsTheSlopeTheLabelsWereDrawnWith(double slope)
    {
        var (logits, labels, covariates) = Drawn(slope, 6000, 7);

        var (fitted, temperature) = Calibration.FitLengthSlope(logits, labels, covariates);

        Assert.InRange(fitted, slope - 0.12, slope + 0.12);
        Assert.InRange(temperature, 0.85, 1.15);
    }

    [Fact]
    public void FitLengthSlope_WeightsCountLikeRepeatedTexts_AndTheSlopeStaysWithinItsBound()
    {
        var (logits, labels, covariates) = Drawn(-0.5, 1500, 11);
        double[] weights = [.. Enumerable.Range(0, logits.Length).Select(i => i < 500 ? 2.0 : 1.0)];

        var weighted = Calibration.FitLengthSlope(logits, labels, covariates, weights);
        var repeated = Calibration.FitLengthSlope([.. logits, .. logits.Take(500)], [.. labels, .. labels.Take(500)], [.. covariates, .. covariates.Take(500)]);
        Assert.Equal(repeated.Slope, weighted.Slope, 4);
        Assert.Equal(repeated.Temperature, weighted.Temperature, 4);

        // Labels drawn with a slope beyond the bound: the fit stops at the bound.
        var (steepLogits, steepLabels, steepCovariates) = Drawn(1.8, 4000, 13);
        var steep = Calibration.FitLengthSlope(steepLogits, steepLabels, steepCovariates);
        Assert.Equal(LengthScale.MaxSlope, steep.Slope);
    }

    private static readonly Lazy<TrainingResult> Scaled = new(() =>
        ModelTrainer.Train([.. TestCorpus.Build().Select(TrainingExample.FromCorpus)], TestCorpus.FastOptions with { LengthScale = true }));

    [Fact]
    public void Train_LengthScale_StoresTheSlope_AndCalibratesOnTheScaledScores()
    {
        var model = Scaled.Value;
        var slope = model.Metadata.LengthSlope;

        Assert.NotEqual(0, slope);
        Assert.Equal(slope, model.Metadata.Training["lengthSlope"]);
        Assert.Equal(0, TestCorpus.SmallModel.Metadata.LengthSlope);

        // The anchor holds the scaled out-of-fold scores: the temperature was fitted on them.
        var anchor = Assert.IsType<CalibrationAnchor>(model.OutOfFold);
        Assert.Equal(Calibration.FitTemperature([.. anchor.Logits], [.. anchor.Labels]), model.Metadata.Temperature, 9);

        // Without the scale the same weights come out: the version's hash does not change.
        Assert.Equal(TestCorpus.SmallModel.Version[^8..], model.Version[^8..]);
    }

    [Fact]
    public void Classify_ScalesTheScoresByLength_AndKeepsTheAnswersOrder()
    {
        var model = Scaled.Value;
        var scaled = model.ToClassifier(DistrictDetector.ForZhuzhou());
        var plainModel = model.Model.With(model.Metadata with { LengthSlope = 0 });
        var plain = new NgramClassifier(plainModel, DistrictDetector.ForZhuzhou());
        var k = model.Metadata.Categories.Count;
        string[] texts =
        [
            "路灯坏了",
            "建议在芦淞区建设路口增加一个公交站台，早晚高峰等车的人很多，现在的站台太远了，老人走过去要二十分钟。",
            string.Concat(Enumerable.Repeat("小区门口的垃圾站每天早上臭气熏天，夏天更严重，希望环卫部门增加清运次数并定期消毒。", 6)),
        ];
        foreach (var text in texts)
        {
            var proposal = new ProposalText(string.Empty, text);
            var (rawScaled, rawPlain) = (new double[k], new double[k]);
            var a = scaled.Classify(proposal, rawScaled);
            var b = plain.Classify(proposal, rawPlain);

            var factor = LengthScale.Factor(model.Metadata.LengthSlope, LengthScale.NonBlank(text));
            for (var c = 0; c < k; c++)
            {
                Assert.Equal(rawPlain[c] * factor, rawScaled[c], 4);
            }

            Assert.Equal(b.Category, a.Category);
            Assert.Equal(b.Alternatives.Select(x => x.Category), a.Alternatives.Select(x => x.Category));
            Assert.Equal(b.Hints, a.Hints);
            Assert.Equal(b.Reasons, a.Reasons);
        }
    }

    [Fact]
    public void SavedModel_KeepsItsSlope_AndAModelWithoutOneStaysUnscaled()
    {
        var model = Scaled.Value;
        var loaded = TestCorpus.Reloaded(model.Save);
        var proposal = new ProposalText(string.Empty, "路灯坏了好几天");

        Assert.Equal(model.Metadata.LengthSlope, loaded.Metadata.LengthSlope);
        Assert.Equal(model.ToClassifier(DistrictDetector.ForZhuzhou()).Classify(proposal), loaded.Classify(proposal), new ResultComparer());
        Assert.Equal(0, TestCorpus.Reloaded(TestCorpus.SmallModel.Save).Metadata.LengthSlope);
    }

    [Fact]
    public void Recalibrate_KeepsTheSlope_AndFitsOnTheScaledScores()
    {
        var model = Scaled.Value;
        var classifier = model.ToClassifier(DistrictDetector.ForZhuzhou());
        var reviewed = TestCorpus.EveryThirdReviewedOther();

        var result = TestCorpus.Recalibrated(model, classifier, reviewed);

        Assert.Equal(model.Metadata.LengthSlope, result.Model.Metadata.LengthSlope);

        // The temperature is fitted on the reviewed texts' scores as the classifier gives them (scaled), with the anchor's.
        var k = model.Metadata.Categories.Count;
        var scores = reviewed.Select(p =>
        {
            var raw = new double[k];
            classifier.Classify(new ProposalText(p.Title, p.Text), raw);
            return raw;
        }).ToList();
        var labels = reviewed.Select(p => model.Metadata.Categories.ToList().IndexOf(p.Category)).ToList();
        var anchor = model.OutOfFold!;
        var share = new RecalibrationOptions().AnchorShare;
        double[] weights = [.. scores.Select(_ => 1.0), .. anchor.Labels.Select(_ => share / (1 - share) * reviewed.Count / anchor.Labels.Count)];
        var expected = Calibration.FitTemperature([.. scores, .. anchor.Logits], [.. labels, .. anchor.Labels], weights);
        Assert.Equal(expected, result.Model.Metadata.Temperature, 6);
    }
}
