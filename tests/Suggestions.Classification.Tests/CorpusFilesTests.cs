using System.Text.RegularExpressions;
using Suggestions.Classification.Training;

namespace Suggestions.Classification.Tests;

/// <summary>
/// The repository's own corpus (data/corpus, data/README.md) keeps the format and the split rules every measurement
/// relies on: each line parses and sits in its category's file under an id of its split, labels use the stable codes,
/// every training text names its writing batch (so a writer can be held out), no text is in the corpus twice or in two
/// splits (a `dev` or `test-boards` text seen in training would flatter every figure on it), and training reads only
/// `train` by default.
/// </summary>
public sealed partial class CorpusFilesTests
{
    private static readonly string[] LearnedHints =
        [HintCodes.MultiIssue, HintCodes.PersonalGrievance, HintCodes.OutsideRemit, HintCodes.NotFeasibleThisYear, HintCodes.Unclear];

    /// <summary>The splits: `train` fits the model; `dev` and `test-boards` (eighteenth session) are only ever evaluated.</summary>
    private static readonly string[] Splits = ["train", "dev", "test-boards"];

    private static string CorpusRoot() => Path.Combine(Suggestions.Testing.RepositoryRoot.Find(), "data", "corpus");

    /// <summary>Every line of every split, read once for all the tests, with the reader's errors.</summary>
    private static readonly Lazy<(List<(string Split, string File, LabeledProposal Item)> Lines, List<string> Errors)> Corpus =
        new(() =>
        {
            var errors = new List<string>();
            var lines = new List<(string Split, string File, LabeledProposal Item)>();
            foreach (var split in Splits)
            {
                foreach (var file in Directory.GetFiles(Path.Combine(CorpusRoot(), split), "*.jsonl").Order(StringComparer.Ordinal))
                {
                    var read = CorpusReader.Read(file);
                    errors.AddRange(read.Errors.Select(e => $"{split}/{e}"));
                    lines.AddRange(read.Items.Select(i => (split, Path.GetFileNameWithoutExtension(file), i)));
                }
            }

            return (lines, errors);
        });

    private static List<(string Split, string File, LabeledProposal Item)> Lines => Corpus.Value.Lines;

    [GeneratedRegex(@"\s+")]
    private static partial Regex Blanks();

    [Fact]
    public void EveryLine_Parses_AndSitsInItsCategorysFile_UnderAnIdOfItsSplit()
    {
        var lines = Lines;

        Assert.Empty(Corpus.Value.Errors);
        Assert.Equal(CategoryCodes.All.Order(StringComparer.Ordinal), lines.Select(l => l.File).Distinct().Order(StringComparer.Ordinal));
        Assert.All(lines, l =>
        {
            Assert.Equal(l.File, l.Item.Category);
            Assert.Matches($"^{Regex.Escape(l.Item.Category)}-{l.Split}-[0-9]{{4}}$", l.Item.Id);
        });
        Assert.Equal(lines.Count, lines.Select(l => l.Item.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Labels_UseTheStableCodes()
    {
        var lines = Lines;

        Assert.All(lines, l =>
        {
            Assert.All(l.Item.Also, a => Assert.Contains(a, CategoryCodes.All));
            Assert.DoesNotContain(l.Item.Category, l.Item.Also);
            Assert.Equal(l.Item.Also.Count, l.Item.Also.Distinct(StringComparer.Ordinal).Count());

            // too_long is a length rule, never a label (data/README.md).
            Assert.All(l.Item.Hints, h => Assert.Contains(h, LearnedHints));
            if (l.Item.District is not null)
            {
                Assert.Contains(l.Item.District, DistrictDetector.Zhuzhou);
            }
        });
    }

    [Fact]
    public void EverySplit_IsThere_AndTrainingReadsOnlyTrain_ByDefault()
    {
        var lines = Lines;

        Assert.All(Splits, split => Assert.Contains(lines, l => l.Split == split));
        Assert.Equal(Path.Combine("data", "corpus", "train"), Suggestions.Cli.CommandLine.Parse([]).TrainingDataPath);
    }

    [Fact]
    public void EveryWrittenText_NamesItsBatch_AndDevTextsNone()
    {
        var lines = Lines;

        Assert.All(lines.Where(l => l.Split != "dev"), l => Assert.False(string.IsNullOrWhiteSpace(l.Item.Batch), l.Item.Id));
        Assert.All(lines.Where(l => l.Split == "dev"), l => Assert.Null(l.Item.Batch));
    }

    [Fact]
    public void NoText_IsInTheCorpusTwice_OrInTwoSplits()
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var repeated = new List<string>();
        foreach (var (_, _, item) in Lines)
        {
            var key = Blanks().Replace(item.Text, string.Empty);
            if (!seen.TryAdd(key, item.Id))
            {
                repeated.Add($"{item.Id} = {seen[key]}");
            }
        }

        Assert.Empty(repeated);
    }
}
