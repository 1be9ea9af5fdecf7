using Suggestions.Classification.Training;

namespace Suggestions.Classification.Tests;

/// <summary>
/// Copies of area texts with a neutral sentence of another text (<see cref="TrainingOptions.NeutralShare"/>, twenty-eighth
/// session, NS): the pool of sentences without an area's term, and the copies the category model alone learns from.
/// </summary>
public sealed class NeutralSentenceTests
{
    [Fact]
    public void NeutralSentences_AreTheCorpusTextsSentencesOfTheAllowedLengthsThatTheTestAccepts_WithTheirText()
    {
        TrainingExample[] examples =
        [
            new("", "领导您好！我想说说我的想法。小区路灯坏了很久。晚上很黑。谢谢", "public-safety", [], 1, true, "corpus:a"),
            new("", "好。这里的菜市场太远了，老人买菜不方便，这个情况已经持续好几年了，大家都很着急，一直没有人来解决。", "convenience", [], 1, true, "corpus:b"),
            new("", "说说我的想法。路灯太暗。", "public-safety", [], 3, false, "correction:c"),
        ];

        // A stand-in for "no area term": no 路 and no 菜.
        var pool = ModelTrainer.NeutralSentences(examples, s => !s.Contains('路') && !s.Contains('菜'), new TrainingOptions { NeutralMinChars = 4, NeutralMaxChars = 40 });

        // 谢谢 and 好。 are under four characters; the 菜市场 sentence has 菜 (and the long one runs past 40 characters);
        // the correction's sentences are not the corpus's.
        Assert.Equal([("领导您好！", 0), ("我想说说我的想法。", 0), ("晚上很黑。", 0)], pool);
    }

    [Fact]
    public void Train_NeutralShare_GivesEachAreaTextACopyWithAnotherTextsNeutralSentence_ForTheCategoryModelOnly()
    {
        // The synthetic texts inside letters whose other sentences name no area: the pool. Other texts get no copy.
        var corpus = TestCorpus.Build()
            .Select((p, i) => p with { Text = $"{(i % 2 == 0 ? "领导您好！" : "说说我的一点看法。")}{p.Text}。我们都很期待，盼望早日落实。" })
            .ToList();
        var examples = corpus.Select(TrainingExample.FromCorpus).ToList();
        var framed = ModelTrainer.Train(examples, TestCorpus.FastOptions with { NeutralShare = 1, NeutralWeight = 0.5 });
        var plain = ModelTrainer.Train(examples, TestCorpus.FastOptions);

        Assert.Equal(corpus.Count(p => p.Category != CategoryCodes.Other), framed.Metadata.Training["neutralCopies"]);
        Assert.Equal(0.5, framed.Metadata.Training["neutralWeight"]);
        Assert.False(plain.Metadata.Training.ContainsKey("neutralCopies"));
        Assert.False(framed.Metadata.Training.ContainsKey("cropCopies"));

        // The category model learnt from the copies; the hint models did not train on them (the same positives; their clause
        // topics come from the category model, so their weights may move).
        var (a, b) = (plain.Model, framed.Model);
        var (k, columns) = (a.CategoryCount, a.Columns);
        Assert.Equal(a.Vocabulary, b.Vocabulary);
        var rows = a.Weights.Length / columns;
        Assert.Contains(Enumerable.Range(0, rows * k), i => a.Weights[((i / k) * columns) + (i % k)] != b.Weights[((i / k) * columns) + (i % k)]);
        var positives = plain.Metadata.Training.Keys.Where(key => key.EndsWith(".positives", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(positives);
        Assert.All(positives, key => Assert.Equal(plain.Metadata.Training[key], framed.Metadata.Training[key]));

        TestCorpus.AssertFileAnswersAsTrained(framed);
    }

    [Fact]
    public void CrossValidate_NeutralShare_ScoresTheTextsOnly()
    {
        var examples = TestCorpus.Build().Select(p => p with { Text = $"领导您好！{p.Text}。谢谢大家。" }).Select(TrainingExample.FromCorpus).ToList();
        var plain = ModelTrainer.CrossValidate(examples, TestCorpus.FastOptions);
        var results = ModelTrainer.CrossValidate(examples, TestCorpus.FastOptions with { NeutralShare = 1 });

        Assert.All(results, r => Assert.Equal(examples.Count, r.Answers.Count));
        Assert.NotEqual(plain[0].LogLoss, results[0].LogLoss);
    }

    [Theory]
    [InlineData(-0.1, 0.5)]
    [InlineData(1.5, 0.5)]
    [InlineData(0.5, 0)]
    [InlineData(double.NaN, 0.5)]
    public void Train_RefusesAShareOutsideZeroToOne_OrAWeightNotAboveZero(double share, double weight)
    {
        var error = TestCorpus.AssertTrainingRefuses(TestCorpus.FastOptions with { NeutralShare = share, NeutralWeight = weight });
        Assert.Contains("neutral", error.Message);
    }
}
