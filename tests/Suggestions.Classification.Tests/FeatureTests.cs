using Suggestions.Classification.Features;

namespace Suggestions.Classification.Tests;

public sealed class FeatureTests
{
    private sealed class Recorder
    {
        public List<(int Start, int Length)> NGrams { get; } = [];

        public List<ulong> Hashes { get; } = [];

        public List<(int Entry, int Start, int Length)> Terms { get; } = [];

        public List<int> Clauses { get; } = [];

        public int Markers { get; set; }
    }

    private struct RecordingSink(Recorder recorder) : IScanSink
    {
        public readonly void NGram(ulong hash, int start, int length)
        {
            recorder.NGrams.Add((start, length));
            recorder.Hashes.Add(hash);
        }

        public readonly void Term(int entry, int start, int length) => recorder.Terms.Add((entry, start, length));

        public readonly void ClauseEnd(int contentChars) => recorder.Clauses.Add(contentChars);

        public readonly void Marker() => recorder.Markers++;
    }

    private static Recorder Scan(string text, LexiconIndex? lexicon = null, int maxN = TextScanner.DefaultMaxN)
    {
        var recorder = new Recorder();
        var sink = new RecordingSink(recorder);
        TextScanner.Scan(Text.TextNormalizer.Normalize(text), lexicon, ref sink, maxN);
        return recorder;
    }

    [Fact]
    public void Scan_ThreeCharacters_YieldsOneToThreeGrams()
    {
        var grams = Scan("公交车").NGrams;

        Assert.Equal([(0, 1), (0, 2), (0, 3), (1, 1), (1, 2), (2, 1)], grams);
    }

    [Fact]
    public void Scan_MaxNFour_AddsFourGrams()
    {
        var grams = Scan("老旧小区", maxN: 4).NGrams;

        Assert.Contains((0, 4), grams);
        Assert.Equal(4 + 3 + 2 + 1, grams.Count);
    }

    [Fact]
    public void Scan_Punctuation_BreaksNGrams()
    {
        var grams = Scan("公交,车站").NGrams;

        Assert.DoesNotContain(grams, g => g.Start < 2 && g.Start + g.Length > 2);
        Assert.Equal(3 + 3, grams.Count);
    }

    [Fact]
    public void Hash_Digits_FoldToOneFeature()
    {
        Assert.Equal(NGramHash.Of("15号"), NGramHash.Of("37号"));
        Assert.NotEqual(NGramHash.Of("15号"), NGramHash.Of("15栋"));
    }

    [Fact]
    public void Hash_Incremental_EqualsWholeNGram()
    {
        var recorder = Scan("老旧小区");
        var index = recorder.NGrams.IndexOf((1, 3));

        Assert.Equal(NGramHash.Of("旧小区"), recorder.Hashes[index]);
    }

    [Theory]
    [InlineData("一、修路；二、建学校；三、种树", 3)]
    [InlineData("建议：\n1.增加公交\n2.延长班次\n3.增设站台", 3)]
    [InlineData("(一)扩建食堂(二)增加校车", 2)]
    [InlineData("①路灯②垃圾桶③公厕", 3)]
    [InlineData("一是加快改造，二是加强管理", 2)]
    [InlineData("第一，多种树；第二，少扬尘", 2)]
    [InlineData("路宽1.5米，2022年修的，十分危险", 0)]
    [InlineData("一些老人说三年了没人管", 0)]
    public void Scan_EnumerationMarkers_AreCounted(string text, int markers)
    {
        Assert.Equal(markers, Scan(text).Markers);
    }

    [Fact]
    public void Scan_Clauses_SplitAtSentenceEndsAndMarkers()
    {
        var clauses = Scan("公交太少。学校太远！\n一、修路；二、建桥").Clauses;

        Assert.Equal([4, 4, 2, 2], clauses);
    }

    [Fact]
    public void Scan_Lexicon_FindsTermsOfAnyLength()
    {
        var lexicon = new LexiconIndex([new LexiconGroup("transport", ["公交", "候车亭"]), new LexiconGroup("cue", ["0栋"])]);
        var recorder = Scan("公交候车亭在3栋旁边", lexicon);

        Assert.Contains(recorder.Terms, t => lexicon.Terms[t.Entry] == "公交" && t.Start == 0);
        Assert.Contains(recorder.Terms, t => lexicon.Terms[t.Entry] == "候车亭" && t.Start == 2 && t.Length == 3);
        Assert.Contains(recorder.Terms, t => lexicon.Terms[t.Entry] == "0栋" && t.Start == 6);
    }

    [Fact]
    public void LexiconIndex_TermInTwoGroups_ReportsBoth()
    {
        var lexicon = new LexiconIndex([new LexiconGroup("a", ["食堂"]), new LexiconGroup("b", ["食堂", "菜场"])]);
        var entry = lexicon.Find(NGramHash.Of("食堂"));

        Assert.Equal([0, 1], lexicon.EntryGroups[entry]);
        Assert.Equal(-1, lexicon.Find(NGramHash.Of("公交")));
    }

    [Theory]
    [InlineData(10, FeatureLayout.LengthUnder15)]
    [InlineData(39, FeatureLayout.LengthUnder40)]
    [InlineData(250, FeatureLayout.LengthUnder300)]
    [InlineData(5000, FeatureLayout.Length1000Plus)]
    public void FeatureLayout_LengthBins_AreOneHot(int length, int expected)
    {
        var structure = new float[FeatureLayout.StructureCount];
        FeatureLayout.WriteBasic(structure, length, markers: 0, titleEmpty: false, clauses: 1);

        Assert.Equal(1, structure[expected]);
        Assert.Equal(1, structure.Take(FeatureLayout.Length1000Plus + 1).Sum());
    }

    [Fact]
    public void FeatureLayout_TwoTopicsWithEnumeration_SetsMultiTopicFeatures()
    {
        var structure = new float[FeatureLayout.StructureCount];
        FeatureLayout.WriteTopics(structure, distinctTopics: 2, markers: 2);

        Assert.Equal(1, structure[FeatureLayout.Topics2Plus]);
        Assert.Equal(0, structure[FeatureLayout.Topics3Plus]);
        Assert.Equal(1, structure[FeatureLayout.Topics2PlusEnumerated]);
    }

    [Fact]
    public void ClauseTopic_ConfidentNonOther_IsReturned()
    {
        double[] scores = [0.1, 3.0, 0.2];
        Assert.Equal(1, TopicMath.ClauseTopic(scores, 1, [0, 0, 0], otherIndex: 2, threshold: 0.5));

        double[] other = [0.1, 0.2, 3.0];
        Assert.Equal(-1, TopicMath.ClauseTopic(other, 1, [0, 0, 0], otherIndex: 2, threshold: 0.5));

        double[] unsure = [1.0, 1.1, 0.9];
        Assert.Equal(-1, TopicMath.ClauseTopic(unsure, 1, [0, 0, 0], otherIndex: 2, threshold: 0.5));
    }
}
