using Suggestions.Classification.Features;
using Suggestions.Classification.Model;
using Suggestions.Classification.Training;

namespace Suggestions.Classification.Tests;

/// <summary>The pinyin table, the syllable bigrams the scanner reports, and a model that reads them.</summary>
public sealed class PinyinTests
{
    [Theory]
    [InlineData('公', "gong")]
    [InlineData('交', "jiao")]
    [InlineData('叫', "jiao")]
    [InlineData('绿', "lv")]
    [InlineData('医', "yi")]
    [InlineData('㐀', "qiu")]
    public void Of_ChineseCharacter_IsItsTonelessSyllable(char c, string syllable) => Assert.Equal(syllable, Pinyin.Of(c));

    [Theory]
    [InlineData('a')]
    [InlineData('0')]
    [InlineData('，')]
    [InlineData('\uE000')]
    public void Of_AnythingElse_IsNull(char c) => Assert.Null(Pinyin.Of(c));

    [Fact]
    public void Table_HoldsTheSyllablesOfMandarin() => Assert.InRange(Pinyin.SyllableCount, 400, 420);

    private struct Sink(List<(ulong Hash, int Start, int Length)> grams) : IScanSink
    {
        public readonly void NGram(ulong hash, int start, int length) => grams.Add((hash, start, length));

        public readonly void Term(int entry, int start, int length, bool nested)
        {
        }

        public readonly void ClauseEnd(int contentChars)
        {
        }

        public readonly void Marker()
        {
        }
    }

    private static List<(ulong Hash, int Start, int Length)> Scan(string text, bool pinyin)
    {
        var grams = new List<(ulong Hash, int Start, int Length)>();
        var sink = new Sink(grams);
        TextScanner.Scan(text, null, ref sink, TextScanner.DefaultMaxN, pinyin);
        return grams;
    }

    [Fact]
    public void Scan_WithPinyin_AddsOneSyllableBigramPerAdjacentPair()
    {
        var plain = Scan("公交车", pinyin: false);
        var withPinyin = Scan("公交车", pinyin: true);

        // 1-, 2- and 3-grams of the characters, then gong-jiao and jiao-che.
        Assert.Equal(6, plain.Count);
        Assert.Equal(8, withPinyin.Count);
        var extra = withPinyin.Except(plain).ToList();
        Assert.Equal([(0, 2), (1, 2)], extra.Select(g => (g.Start, g.Length)));

        // A syllable bigram is not the hash of any character n-gram of the text.
        Assert.DoesNotContain(plain, g => extra.Any(e => e.Hash == g.Hash));
    }

    [Fact]
    public void Scan_Homophones_ShareTheSyllableBigram()
    {
        var right = Scan("公交", pinyin: true).Except(Scan("公交", pinyin: false)).Single();
        var misheard = Scan("公叫", pinyin: true).Except(Scan("公叫", pinyin: false)).Single();

        // The characters' bigrams differ; the sound is the same.
        Assert.NotEqual(NGramHash.Of("公交"), NGramHash.Of("公叫"));
        Assert.Equal(right, misheard);
    }

    [Fact]
    public void Scan_SyllableBigrams_StayInsideARunOfChineseCharacters()
    {
        Assert.Equal(Scan("公,交", pinyin: false), Scan("公,交", pinyin: true));
        Assert.Equal(Scan("公a交", pinyin: false), Scan("公a交", pinyin: true));
    }

    private static readonly Lazy<(NgramModel Plain, NgramModel Pinyin)> Models = new(() =>
    {
        // The synthetic corpus names 公交 in two texts only; six more make it a word of the vocabulary.
        string[] buses = ["公交班次太少", "希望公交早点发车", "公交站离小区太远", "晚上没有公交回家", "公交线路要调整", "公交车太挤了"];
        var examples = TestCorpus.Build()
            .Concat(buses.Select((text, i) => new LabeledProposal($"bus-{i}", string.Empty, text, CategoryCodes.Transport, [], [], null)))
            .Select(TrainingExample.FromCorpus).ToList();
        var o = TestCorpus.FastOptions;
        var plain = ModelTrainer.Train(examples, o).Model;
        var pinyin = ModelTrainer.Train(examples, new TrainingOptions { Folds = o.Folds, Regularization = o.Regularization, MaxIterations = o.MaxIterations, Now = o.Now, PinyinNGrams = 2 }).Model;
        return (plain, pinyin);
    });

    [Fact]
    public void Train_WithPinyin_StoresIt_AndTheFileKeepsIt()
    {
        var (plain, pinyin) = Models.Value;

        Assert.Equal(0, plain.Metadata.PinyinNGrams);
        Assert.Equal(2, pinyin.Metadata.PinyinNGrams);
        Assert.True(pinyin.VocabularySize > plain.VocabularySize);

        using var stream = new MemoryStream();
        pinyin.Save(stream);
        stream.Position = 0;
        var loaded = NgramClassifier.Load(stream, DistrictDetector.ForZhuzhou());
        var proposal = new ProposalText(string.Empty, "建议多开几条公叫车线路");
        Assert.Equal(new NgramClassifier(pinyin, DistrictDetector.ForZhuzhou()).Classify(proposal), loaded.Classify(proposal), new ResultComparer());
        Assert.Equal(2, loaded.Metadata.PinyinNGrams);
    }

    [Fact]
    public void Classify_AHomophoneTypo_StillMeetsTheWordItStandsFor()
    {
        var (_, pinyin) = Models.Value;

        // The same weights read without the syllable bigrams: what the pinyin features add at run time.
        var deaf = new NgramModel(pinyin.Metadata with { PinyinNGrams = 0 }, pinyin.Vocabulary, pinyin.Idf, pinyin.Weights, pinyin.Bias);
        var transport = pinyin.Metadata.Categories.ToList().IndexOf(CategoryCodes.Transport);
        double Margin(NgramModel model, string text)
        {
            var raw = new double[model.CategoryCount];
            new NgramClassifier(model, DistrictDetector.ForZhuzhou()).Classify(new ProposalText(string.Empty, text), raw);
            return raw[transport] - raw.Where((_, c) => c != transport).Max();
        }

        // 叫 and 跳 are in no training text: read by their characters, 公叫 and 公跳 are the same to the model.
        Assert.Equal(Margin(deaf, "公跳太少"), Margin(deaf, "公叫太少"), 9);

        // By its sound, 公叫 (voice input for 公交) says bus; 公跳 does not.
        Assert.True(Margin(pinyin, "公叫太少") > Margin(pinyin, "公跳太少") + 0.1);
    }

    [Fact]
    public void Train_UnknownPinyinLength_IsRefused() =>
        Assert.Throws<ArgumentException>(() => ModelTrainer.Train(TestCorpus.Build().Select(TrainingExample.FromCorpus).ToList(), new TrainingOptions { PinyinNGrams = 3 }));
}
