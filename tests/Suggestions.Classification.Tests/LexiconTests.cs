using Suggestions.Classification.Features;
using Suggestions.Classification.Training;

namespace Suggestions.Classification.Tests;

public sealed class LexiconTests
{
    [Fact]
    public void BroadLexicon_Parse_SkipsCommentsAndBlankLines_AndNormalises()
    {
        using var reader = new StringReader("# 医院就诊\n\n  醫院  \n挂号难\r\n#\n");

        Assert.Equal(["医院", "挂号难"], BroadLexicon.Parse(reader));
    }

    [Fact]
    public void BroadLexicon_Combine_DropsCuratedAmbiguousAndOneCharacterTerms()
    {
        var lists = new Dictionary<string, IReadOnlyList<string>>
        {
            ["health"] = ["挂号难", "学校", "校医", "药", "挂号难"],
            ["education"] = ["校医", "学位紧张"],
        };
        var curated = new Dictionary<string, IReadOnlyList<string>> { ["education"] = ["学校"] };

        var combined = BroadLexicon.Combine(lists, curated);

        // 学校 is curated, 校医 points two ways, 药 is one character; the repeated 挂号难 counts once.
        Assert.Equal(["挂号难"], combined["health"]);
        Assert.Equal(["学位紧张"], combined["education"]);
    }

    [Fact]
    public void BroadLexicon_Embedded_CoversEveryAreaWithoutOverlap()
    {
        var terms = BroadLexicon.Terms;
        var curated = CategoryLexicon.Terms.Values.SelectMany(t => t).ToHashSet(StringComparer.Ordinal);

        foreach (var category in CategoryCodes.All.Where(c => c != CategoryCodes.Other))
        {
            Assert.True(terms.TryGetValue(category, out var list) && list.Count >= 200, $"{category}: {terms.GetValueOrDefault(category)?.Count ?? 0} terms");
        }

        var all = terms.Values.SelectMany(t => t).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain(all, curated.Contains);
        Assert.All(all, t => Assert.InRange(t.Length, 2, 8));
        Assert.DoesNotContain(all, t => t.Any(c => char.IsAsciiLetterOrDigit(c)));
    }

    [Theory]
    [InlineData(TrainingOptions.BroadNone, 0)]
    [InlineData(TrainingOptions.BroadMerge, 0)]
    [InlineData(TrainingOptions.BroadSeparate, 13)]
    public void DefaultLexicon_BroadModes_PlaceTheBroadTerms(string mode, int broadGroups)
    {
        var groups = ModelTrainer.DefaultLexicon(new TrainingOptions { BroadLexicon = mode });
        var health = groups.Single(g => g.Name == CategoryCodes.Health);
        var broadHealth = BroadLexicon.Terms[CategoryCodes.Health];

        Assert.Equal(broadGroups, groups.Count(g => g.Name.EndsWith(ModelTrainer.BroadGroupSuffix, StringComparison.Ordinal)));
        Assert.Equal(mode == TrainingOptions.BroadMerge, broadHealth.All(health.Terms.Contains));
        // (A criteria cue may share a word with an area, so only the area groups are looked at.)
        var areaTerms = groups.Where(g => !CueLexicon.Terms.ContainsKey(g.Name)).SelectMany(g => g.Terms);
        Assert.Equal(mode == TrainingOptions.BroadNone, !areaTerms.Intersect(broadHealth).Any());
        Assert.Equal(CueLexicon.Terms.Count, groups.Count(g => CueLexicon.Terms.ContainsKey(g.Name)));
        Assert.Throws<ArgumentException>(() => ModelTrainer.DefaultLexicon(new TrainingOptions { BroadLexicon = "everything" }));
    }

    [Fact]
    public void Train_TermExamples_TeachTheWordsInsideATermTheTextsNeverUsed()
    {
        var corpus = TestCorpus.Build();
        var texts = string.Concat(corpus.Select(p => p.Title + p.Text));

        // A curated term none of the synthetic texts contains; the query is the term without its first
        // character, so it is not the lexicon word itself and only the n-grams inside it can tell the area.
        var curatedTerms = CategoryLexicon.Terms.Values.SelectMany(t => t).ToList();
        var (category, query) = CategoryLexicon.Terms
            .Where(kv => kv.Key != CategoryCodes.Other)
            .SelectMany(kv => kv.Value.Where(t => t.Length >= 4).Select(t => (Category: kv.Key, Query: t[1..])))
            .First(x => !texts.Contains(x.Query[..2], StringComparison.Ordinal)
                && !texts.Contains(x.Query[^2..], StringComparison.Ordinal)
                && !curatedTerms.Any(t => x.Query.Contains(t, StringComparison.Ordinal)));
        var examples = corpus.Select(TrainingExample.FromCorpus).ToList();
        static TrainingOptions With(double termWeight) => new()
        {
            Folds = TestCorpus.FastOptions.Folds,
            Regularization = TestCorpus.FastOptions.Regularization,
            MaxIterations = TestCorpus.FastOptions.MaxIterations,
            Now = TestCorpus.FastOptions.Now,
            TermExampleWeight = termWeight,
        };

        var without = ModelTrainer.Train(examples, With(0)).ToClassifier(DistrictDetector.ForZhuzhou()).Classify(new ProposalText(string.Empty, query));
        var with = ModelTrainer.Train(examples, With(1)).ToClassifier(DistrictDetector.ForZhuzhou()).Classify(new ProposalText(string.Empty, query));

        static double Confidence(ClassificationResult r, string c) =>
            r.Category == c ? r.Confidence : r.Alternatives.FirstOrDefault(a => a.Category == c)?.Confidence ?? 0;
        Assert.Equal(category, with.Category);
        Assert.True(Confidence(with, category) > Confidence(without, category), $"{query}: {Confidence(without, category)} → {Confidence(with, category)}");
    }

    [Fact]
    public void Train_BroadTermsTheTextsFileElsewhere_AreDropped()
    {
        var examples = TestCorpus.Build().Select(TrainingExample.FromCorpus).ToList();

        // 希望明年 is in texts of every area (one of the synthetic frames), so the texts contradict it as a
        // transport word; 摆渡车站点 is in no text, so nothing speaks against it.
        var broad = new Dictionary<string, IReadOnlyList<string>> { [CategoryCodes.Transport] = ["希望明年", "摆渡车站点"] };
        TrainingOptions With(double agreement) => new()
        {
            Folds = TestCorpus.FastOptions.Folds,
            Regularization = TestCorpus.FastOptions.Regularization,
            MaxIterations = TestCorpus.FastOptions.MaxIterations,
            Now = TestCorpus.FastOptions.Now,
            BroadLexicon = TrainingOptions.BroadMerge,
            BroadTerms = broad,
            BroadTermMinAgreement = agreement,
            BroadCues = true,
            BroadCueTerms = new Dictionary<string, IReadOnlyList<string>> { [CueLexicon.Vague] = ["希望明年"] },
        };

        var checkedLexicon = ModelTrainer.Train(examples, With(0.5)).Metadata.Lexicon;
        var checkedTerms = checkedLexicon.Single(g => g.Name == CategoryCodes.Transport).Terms;
        var allTerms = ModelTrainer.Train(examples, With(0)).Metadata.Lexicon.Single(g => g.Name == CategoryCodes.Transport).Terms;

        // The veto is about areas: the same words as a criteria cue stay.
        Assert.Contains("希望明年", checkedLexicon.Single(g => g.Name == CueLexicon.Vague).Terms);
        Assert.Contains("摆渡车站点", checkedTerms);
        Assert.DoesNotContain("希望明年", checkedTerms);
        Assert.Contains("希望明年", allTerms);
        Assert.True(CategoryLexicon.Terms[CategoryCodes.Transport].All(checkedTerms.Contains));
    }

    [Fact]
    public void Train_LongestTermMatch_IsStoredAndAnAreaTermInsideALongerOneNoLongerCounts()
    {
        var examples = TestCorpus.Build().Select(TrainingExample.FromCorpus).ToList();

        // Made-up terms no text contains (and none of their characters), so both models learn the same
        // weights and the text below has no known n-gram: they differ only in how its terms are counted.
        // 乙丙 lies inside 甲乙丙丁, as 加班 (overtime) lies inside 增加班次 (more buses).
        var broad = new Dictionary<string, IReadOnlyList<string>>
        {
            [CategoryCodes.Transport] = ["甲乙丙丁"],
            [CategoryCodes.Employment] = ["乙丙"],
        };
        TrainingOptions With(bool longest) => TestCorpus.FastOptions with { BroadTerms = broad, LongestTermMatch = longest };
        static NgramClassifier Reloaded(TrainingResult trained) =>
            TestCorpus.Reloaded(trained.Save, new NgramClassifierOptions { MaxAlternatives = CategoryCodes.All.Count });

        var every = Reloaded(ModelTrainer.Train(examples, With(false)));
        var longest = Reloaded(ModelTrainer.Train(examples, With(true)));
        var text = new ProposalText(string.Empty, "甲乙丙丁");
        static double Confidence(ClassificationResult r, string c) =>
            r.Category == c ? r.Confidence : r.Alternatives.FirstOrDefault(a => a.Category == c)?.Confidence ?? 0;

        Assert.False(every.Metadata.LongestTermMatch);
        Assert.True(longest.Metadata.LongestTermMatch);
        var lexicon = longest.Model.Lexicon;
        Assert.True(lexicon.EntryLongestMatch[lexicon.Find(NGramHash.Of("乙丙"))]);
        Assert.All(CueLexicon.Terms.Values.SelectMany(t => t).Where(t => lexicon.Find(NGramHash.Of(t)) >= 0 && !lexicon.EntryLongestMatch[lexicon.Find(NGramHash.Of(t))]),
            t => Assert.DoesNotContain(lexicon.EntryGroups[lexicon.Find(NGramHash.Of(t))], g => ModelTrainer.IsAreaGroup(lexicon.Groups[g])));
        Assert.True(Confidence(longest.Classify(text), CategoryCodes.Employment) < Confidence(every.Classify(text), CategoryCodes.Employment));
    }

    [Fact]
    public void BroadLexicon_LoadDirectory_ReadsCategoryFiles()
    {
        var directory = Directory.CreateTempSubdirectory().FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "health.txt"), "# 就医\n挂号难\n学校\n");
            File.WriteAllText(Path.Combine(directory, "notes.txt"), "挂号难\n");

            var terms = BroadLexicon.LoadDirectory(directory);

            Assert.Equal(["挂号难"], Assert.Single(terms).Value);
            Assert.Throws<DirectoryNotFoundException>(() => BroadLexicon.LoadDirectory(Path.Combine(directory, "missing")));
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }

    [Fact]
    public void BroadLexicon_EmbeddedCues_JoinTheirCueGroupsWhenAsked()
    {
        string[] cues = [CueLexicon.Remit, CueLexicon.Infeasible, CueLexicon.Dispute];
        foreach (var cue in cues)
        {
            Assert.True(BroadLexicon.Cues.TryGetValue(cue, out var terms) && terms.Count >= 100, cue);
            Assert.DoesNotContain(terms, CueLexicon.Terms[cue].Contains);
        }

        var with = ModelTrainer.DefaultLexicon(new TrainingOptions { BroadCues = true });
        var without = ModelTrainer.DefaultLexicon(new TrainingOptions { BroadCues = false });
        var remit = BroadLexicon.Cues[CueLexicon.Remit];

        Assert.True(remit.All(with.Single(g => g.Name == CueLexicon.Remit).Terms.Contains));
        Assert.Equal(CueLexicon.Terms[CueLexicon.Remit], without.Single(g => g.Name == CueLexicon.Remit).Terms);
        Assert.Equal("cue-remit", BroadLexicon.CueFileName(CueLexicon.Remit));
    }
}
