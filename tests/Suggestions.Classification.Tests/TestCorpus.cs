using Suggestions.Classification.Training;

namespace Suggestions.Classification.Tests;

/// <summary>
/// A small synthetic corpus (a dozen texts per category, built from the lexicon) so tests train in
/// well under a second; the real corpus is for the CLI and the benchmark.
/// </summary>
internal static class TestCorpus
{
    private static readonly string[] Places = ["我们小区", "芦淞区", "河西", "老城区", "村里", "街道", "新区", "县城", "镇上", "社区"];
    private static readonly string[] Frames =
    [
        "建议{0}的{1}问题尽快解决，{2}也要加强",
        "{0}{1}太少了，希望明年增加{2}",
        "关于改善{0}{1}和{2}的建议",
        "{0}居民反映{1}不方便，建议完善{2}",
        "希望政府重视{0}的{1}，把{2}办好",
    ];

    private static readonly Dictionary<string, string[]> OtherTerms = new()
    {
        [CategoryCodes.Other] = ["彩票", "星座", "电视剧", "明星", "游戏", "股票", "天气预报", "足彩", "网红", "综艺"],
    };

    public static IReadOnlyList<LabeledProposal> Build(int perCategory = 12)
    {
        var items = new List<LabeledProposal>();
        foreach (var category in CategoryCodes.All)
        {
            var terms = CategoryLexicon.Terms.TryGetValue(category, out var t) ? t : OtherTerms[category];
            for (var i = 0; i < perCategory; i++)
            {
                var text = string.Format(
                    System.Globalization.CultureInfo.InvariantCulture,
                    Frames[i % Frames.Length],
                    Places[i % Places.Length],
                    terms[i % terms.Count],
                    terms[(i + 3) % terms.Count]);
                var hints = new List<string>();
                if (i % 4 == 1)
                {
                    text = $"我家住在{Places[i % Places.Length]}0栋，{terms[i % terms.Count]}的事找了好多次没人管，要求赔偿我两千块，电话13800000000";
                    hints.Add(HintCodes.PersonalGrievance);
                }

                items.Add(new LabeledProposal($"{category}-{i}", string.Empty, text, category, [], hints, null));
            }
        }

        return items;
    }

    public static TrainingOptions FastOptions { get; } = new()
    {
        Folds = 3,
        Regularization = [1e-3],
        MaxIterations = 100,
        Now = new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero),
    };

    private static readonly Lazy<TrainingResult> Shared = new(() =>
        ModelTrainer.Train([.. Build().Select(TrainingExample.FromCorpus)], FastOptions));

    /// <summary>One model trained on the synthetic corpus, shared by the tests that only read it.</summary>
    public static TrainingResult SmallModel => Shared.Value;

    /// <summary>Reviewers who filed every third text of the six-per-category corpus under <c>other</c>: a mix the model did not expect.</summary>
    public static List<LabeledProposal> EveryThirdReviewedOther() =>
        [.. Build(6).Select((p, i) => i % 3 == 0 ? p with { Category = CategoryCodes.Other } : p)];

    /// <summary><paramref name="model"/> (as <paramref name="classifier"/>) recalibrated on <paramref name="reviewed"/>, its own out-of-fold answers as the anchor.</summary>
    public static RecalibrationResult Recalibrated(TrainingResult model, NgramClassifier classifier, IReadOnlyList<LabeledProposal> reviewed) =>
        Recalibrator.Recalibrate(classifier, reviewed, new RecalibrationOptions { Now = FastOptions.Now, Anchor = model.OutOfFold });

    /// <summary>A model written in the file format and read back, as the app loads it.</summary>
    public static NgramClassifier Reloaded(Action<Stream> save, NgramClassifierOptions? options = null)
    {
        using var stream = new MemoryStream();
        save(stream);
        stream.Position = 0;
        return NgramClassifier.Load(stream, DistrictDetector.ForZhuzhou(), options);
    }

    /// <summary>The model read back from its file answers every text of a small corpus exactly as the model trained.</summary>
    public static void AssertFileAnswersAsTrained(TrainingResult model)
    {
        var loaded = Reloaded(model.Save);
        var trained = model.ToClassifier(DistrictDetector.ForZhuzhou());
        foreach (var item in Build(3))
        {
            var proposal = new ProposalText(item.Title, item.Text);
            Assert.Equal(trained.Classify(proposal), loaded.Classify(proposal), new ResultComparer());
        }
    }

    /// <summary>
    /// A training option takes effect: the small corpus trained with <paramref name="options"/> and with
    /// <paramref name="treated"/> (the same plus the option) gives other weights, the treated model records
    /// <paramref name="key"/> = <paramref name="value"/> in its training metadata and the plain one does not, and the treated
    /// model's file answers as it was trained. Both models, for further checks.
    /// </summary>
    public static (TrainingResult Plain, TrainingResult Treated) AssertOptionTakesEffect(TrainingOptions options, TrainingOptions treated, string key, double value)
    {
        var examples = Build().Select(TrainingExample.FromCorpus).ToList();
        var (plain, changed) = (ModelTrainer.Train(examples, options), ModelTrainer.Train(examples, treated));
        Assert.Equal(value, changed.Metadata.Training[key]);
        Assert.False(plain.Metadata.Training.ContainsKey(key));
        Assert.NotEqual(plain.Version[^8..], changed.Version[^8..]);
        AssertFileAnswersAsTrained(changed);
        return (plain, changed);
    }

    /// <summary>
    /// Training on thirty texts of the small corpus with <paramref name="options"/> is refused before any fitting; the error,
    /// for its message.
    /// </summary>
    public static ArgumentException AssertTrainingRefuses(TrainingOptions options) =>
        Assert.Throws<ArgumentException>(() => ModelTrainer.Train([.. Build().Select(TrainingExample.FromCorpus).Take(30)], options));

    /// <summary>The classifier's answers to labelled texts, scored.</summary>
    public static Evaluation.EvaluationReport Evaluate(IProposalClassifier classifier, IEnumerable<LabeledProposal> items) =>
        Evaluation.Evaluator.Evaluate([.. items.Select(p => (p, classifier.Classify(new ProposalText(p.Title, p.Text))))]);
}

/// <summary>A classifier that answers from a table, for testing code around classification.</summary>
internal sealed class StubClassifier : IProposalClassifier
{
    public string ModelVersion => "stub-1";

    public List<ProposalText> Seen { get; } = [];

    public ClassificationResult Classify(ProposalText proposal)
    {
        Seen.Add(proposal);
        var category = proposal.Content.Contains("公交", StringComparison.Ordinal) ? CategoryCodes.Transport : CategoryCodes.Other;
        return new ClassificationResult(
            category, 0.9, false, [new CategoryScore(CategoryCodes.Other, 0.05)], ["公交"],
            [HintCodes.MultiIssue], "芦淞区", ModelVersion);
    }
}
