using Suggestions.Classification.Training;

namespace Suggestions.Classification.Tests;

/// <summary>The category mix a model assumes (<see cref="TrainingOptions.Prior"/>) and how it reaches the answers.</summary>
public sealed class PriorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 4, 0, 0, TimeSpan.Zero);

    [Fact]
    public void PriorCorrection_Uniform_MovesEachCategoryByItsShareOfTheRows()
    {
        // 30 texts of category 0, 10 of category 1, 20 of category 2.
        int[] labels = [.. Enumerable.Repeat(0, 30), .. Enumerable.Repeat(1, 10), .. Enumerable.Repeat(2, 20)];

        var (shift, weight) = ModelTrainer.PriorCorrection(labels, Enumerable.Range(0, labels.Length), 3, new TrainingOptions { Prior = TrainingOptions.UniformPrior });

        // ln(1/3 ÷ share), centred: the most written category loses most.
        Assert.Equal(Math.Log(10.0 / 30), shift[0] - shift[1], 12);
        Assert.Equal(Math.Log(20.0 / 30), shift[0] - shift[2], 12);
        Assert.Equal(0, shift.Sum(), 12);

        // Weighted, each category counts a third of the rows, and the rows together as many as before.
        Assert.Equal(20, 30 * weight[0], 12);
        Assert.Equal(20, 10 * weight[1], 12);
        Assert.Equal(20, 20 * weight[2], 12);
        Assert.Equal(labels.Length, labels.Sum(l => weight[l]), 12);
    }

    [Fact]
    public void PriorCorrection_OnlyTheGivenRowsCount_AndTheCorpusMixIsNoCorrection()
    {
        int[] labels = [0, 0, 0, 1, 1, 1, 1, 1, 1];

        // Rows 0–5: three of each, so nothing to correct although the whole list is skewed.
        var (shift, weight) = ModelTrainer.PriorCorrection(labels, Enumerable.Range(0, 6), 2, new TrainingOptions { Prior = TrainingOptions.UniformPrior });
        Assert.Equal([0.0, 0.0], shift.Select(x => Math.Round(x, 12)));
        Assert.Equal([1.0, 1.0], weight.Select(x => Math.Round(x, 12)));

        var (none, one) = ModelTrainer.PriorCorrection(labels, Enumerable.Range(0, labels.Length), 2, new TrainingOptions());
        Assert.Equal([0.0, 0.0], none);
        Assert.Equal([1.0, 1.0], one);

        Assert.Throws<ArgumentException>(() => ModelTrainer.PriorCorrection(labels, [0], 2, new TrainingOptions { Prior = "city" }));
    }

    /// <summary>The synthetic corpus with three times as many <c>other</c> texts as any area.</summary>
    private static List<TrainingExample> SkewedCorpus()
    {
        var corpus = TestCorpus.Build();
        var extra = new[] { "今天天气不错", "谢谢你们的辛苦工作", "请问这个公众号是做什么的", "祝大家新年快乐", "测试一下", "你好在吗", "哈哈哈", "我想买彩票", "推荐一部电视剧", "明星八卦太多了", "游戏充值问题", "股票跌了" };
        var others = Enumerable.Range(0, 24).Select(i => new LabeledProposal($"other-extra-{i}", string.Empty, extra[i % extra.Length] + (i >= extra.Length ? "啊" : string.Empty), CategoryCodes.Other, [], [], null));
        return [.. corpus.Concat(others).Select(TrainingExample.FromCorpus)];
    }

    private static readonly Lazy<(TrainingResult Corpus, TrainingResult Uniform)> Models = new(() =>
    {
        var examples = SkewedCorpus();
        var options = new TrainingOptions { Folds = 3, Regularization = [1e-3], MaxIterations = 100, Now = Now };
        return (ModelTrainer.Train(examples, options), ModelTrainer.Train(examples, new TrainingOptions { Folds = 3, Regularization = [1e-3], MaxIterations = 100, Now = Now, Prior = TrainingOptions.UniformPrior }));
    });

    [Fact]
    public void Train_UniformPrior_StoresTheShift_AndTheOverWrittenCategoryLosesMost()
    {
        var (corpus, uniform) = Models.Value;
        var categories = uniform.Metadata.Categories;
        var other = categories.ToList().IndexOf(CategoryCodes.Other);

        Assert.Empty(corpus.Metadata.PriorShift);
        Assert.Equal(categories.Count, uniform.Metadata.PriorShift.Count);

        // 36 `other` texts against 12 of each area: other moves down by ln 3 against every area.
        Assert.All(Enumerable.Range(0, categories.Count).Where(c => c != other), c =>
            Assert.Equal(-Math.Log(3), uniform.Metadata.PriorShift[other] - uniform.Metadata.PriorShift[c], 9));

        // Same weights, so only the shift (which enters the version) tells the two apart.
        Assert.NotEqual(corpus.Version[^8..], uniform.Version[^8..]);
    }

    [Fact]
    public void Classify_UniformPrior_AddsTheShiftToTheScores_AndLeavesHintsAndReasonsAlone()
    {
        var (corpus, uniform) = Models.Value;
        var a = corpus.ToClassifier(DistrictDetector.ForZhuzhou());
        var b = uniform.ToClassifier(DistrictDetector.ForZhuzhou());
        var shift = uniform.Metadata.PriorShift;
        string[] texts = ["请尽快处理一下", "建议芦淞区增加公交线路，另外学校门口的路灯也坏了", "我家住在3栋，物业的事找了好多次没人管，要求赔偿我两千块"];
        foreach (var text in texts)
        {
            var proposal = new ProposalText(string.Empty, text);
            var (rawA, rawB) = (new double[shift.Count], new double[shift.Count]);
            var answerA = a.Classify(proposal, rawA);
            var answerB = b.Classify(proposal, rawB);

            for (var c = 0; c < shift.Count; c++)
            {
                Assert.Equal(rawA[c] + shift[c], rawB[c], 4);
            }

            // Clause topics, hints and reasons come from the weights, not from the assumed mix.
            Assert.Equal(answerA.Hints, answerB.Hints);
            if (answerA.Category == answerB.Category)
            {
                Assert.Equal(answerA.Reasons, answerB.Reasons);
            }
        }
    }

    [Fact]
    public void Train_UniformPrior_CalibratesAndAnchorsOnTheTrainingTextsWeightedToTheMix()
    {
        var (_, uniform) = Models.Value;
        var anchor = Assert.IsType<CalibrationAnchor>(uniform.OutOfFold);
        var weights = Assert.IsAssignableFrom<IReadOnlyList<double>>(anchor.Weights);
        var other = uniform.Metadata.Categories.ToList().IndexOf(CategoryCodes.Other);

        // An `other` text counts a third of an area's text, and the texts together as many as they are.
        Assert.Equal(anchor.Labels.Count, weights.Sum(), 6);
        var otherWeight = weights.Where((_, i) => anchor.Labels[i] == other).Distinct().Single();
        var areaWeight = weights.Where((_, i) => anchor.Labels[i] != other).Distinct().Single();
        Assert.Equal(1.0 / 3, otherWeight / areaWeight, 9);

        // The anchor's scores are the out-of-fold scores after the shift: the temperature was fitted on them, weighted.
        var temperature = Calibration.FitTemperature([.. anchor.Logits], [.. anchor.Labels], [.. weights]);
        Assert.Equal(temperature, uniform.Metadata.Temperature, 9);
    }

    [Fact]
    public void Recalibrate_WeightedAnchor_CountsLikeRepeatedTexts()
    {
        var model = TestCorpus.SmallModel.ToClassifier(DistrictDetector.ForZhuzhou());
        var oof = TestCorpus.SmallModel.OutOfFold!;
        var reviewed = TestCorpus.EveryThirdReviewedOther();

        // Weight 2 on the first half of the anchor, 1 on the rest ≡ the first half twice.
        var half = oof.Labels.Count / 2;
        var weighted = oof with { Weights = [.. Enumerable.Range(0, oof.Labels.Count).Select(i => i < half ? 2.0 : 1.0)] };
        var repeated = new CalibrationAnchor([.. oof.Logits, .. oof.Logits.Take(half)], [.. oof.Labels, .. oof.Labels.Take(half)]);

        var a = Recalibrator.Recalibrate(model, reviewed, new RecalibrationOptions { Now = Now, Anchor = weighted });
        var b = Recalibrator.Recalibrate(model, reviewed, new RecalibrationOptions { Now = Now, Anchor = repeated });
        var plain = Recalibrator.Recalibrate(model, reviewed, new RecalibrationOptions { Now = Now, Anchor = oof });

        Assert.Equal(b.Model.Metadata.Temperature, a.Model.Metadata.Temperature, 6);
        Assert.Equal(b.Model.Metadata.ReviewThreshold, a.Model.Metadata.ReviewThreshold, 6);
        Assert.NotEqual(plain.Model.Metadata.Temperature, a.Model.Metadata.Temperature, 6);
    }

    [Fact]
    public void SavedModel_KeepsItsPrior()
    {
        var (_, uniform) = Models.Value;
        var loaded = TestCorpus.Reloaded(uniform.Save);
        var original = uniform.ToClassifier(DistrictDetector.ForZhuzhou());

        Assert.Equal(uniform.Metadata.PriorShift, loaded.Metadata.PriorShift);
        var proposal = new ProposalText(string.Empty, "请尽快处理一下");
        Assert.Equal(original.Classify(proposal), loaded.Classify(proposal), new ResultComparer());
    }
}
