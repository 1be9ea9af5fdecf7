using System.Runtime.InteropServices;
using Suggestions.Classification.Features;

namespace Suggestions.Classification.Tests;

public sealed class FeatureTests
{
    private sealed class Recorder
    {
        public List<(int Start, int Length)> NGrams { get; } = [];

        public List<ulong> Hashes { get; } = [];

        public List<(int Entry, int Start, int Length, bool Nested)> Terms { get; } = [];

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

        public readonly void Term(int entry, int start, int length, bool nested) => recorder.Terms.Add((entry, start, length, nested));

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
    public void Scan_Lexicon_FindsExactlyTheTermsABruteForceSearchFinds()
    {
        // Terms of one and two characters, terms that are prefixes of others, a prefix that is no term.
        string[] terms = ["公", "交", "公交", "公交车", "公交候车亭", "车站", "站台", "亭", "0栋", "候车亭子"];
        var lexicon = new LexiconIndex([new LexiconGroup("a", terms[..5]), new LexiconGroup("b", terms[5..])]);
        const string alphabet = "公交车站台候亭子栋0，";
        var random = new Random(11);
        for (var round = 0; round < 300; round++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(1, 30)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            var expected = new HashSet<(string, int)>();
            for (var start = 0; start < text.Length; start++)
            {
                for (var length = 1; start + length <= text.Length; length++)
                {
                    var piece = text.Substring(start, length);
                    if (terms.Contains(piece))
                    {
                        expected.Add((piece, start));
                    }
                }
            }

            var found = Scan(text, lexicon).Terms.Select(t => (lexicon.Terms[t.Entry], t.Start)).ToHashSet();
            Assert.True(expected.SetEquals(found), $"\"{text}\": expected {string.Join(' ', expected)}, found {string.Join(' ', found)}");
        }
    }

    [Fact]
    public void Scan_LongestMatch_AnAreaTermInsideALongerOneIsNested_ACueTermIsNot()
    {
        var lexicon = new LexiconIndex(
            [
                new LexiconGroup("transport", ["增加班次", "公交", "公交车站", "车站"]),
                new LexiconGroup("employment", ["加班"]),
                new LexiconGroup("public-safety", ["电动车"]),
                new LexiconGroup("cue", ["班次", "加班"]),
            ],
            g => g.Name != "cue");
        var terms = Scan("公交车站增加班次,周末加班,电动车站", lexicon).Terms
            .Select(t => (lexicon.Terms[t.Entry], t.Start, t.Nested)).OrderBy(t => t.Start).ThenBy(t => t.Item1.Length).ToList();

        Assert.Equal(
            [
                ("公交", 0, true), ("公交车站", 0, false),    // same start: only the longest counts in full
                ("车站", 2, true),                          // inside 公交车站, which started earlier
                ("增加班次", 4, false),
                ("加班", 5, true),                          // inside 增加班次: a bus timetable, not overtime
                ("班次", 6, false),                         // a criteria cue only: it counts wherever it is
                ("加班", 11, false),                        // on its own it is overtime
                ("电动车", 14, false), ("车站", 16, false),   // they overlap, neither lies inside the other
            ],
            terms);

        // A nested 加班 still counts for the cue group it also belongs to, not for employment.
        var overtime = lexicon.Find(NGramHash.Of("加班"));
        Assert.Equal([1, 3], lexicon.GroupsOf(overtime, nested: false));
        Assert.Equal([3], lexicon.GroupsOf(overtime, nested: true));
    }

    [Fact]
    public void Scan_LongestMatch_AgreesWithABruteForceSearch()
    {
        string[] area = ["公交", "公交车", "交车", "车站", "公交车站台", "站台", "台"];
        string[] cue = ["车站", "子"];
        var lexicon = new LexiconIndex([new LexiconGroup("a", area[..4]), new LexiconGroup("b", area[4..]), new LexiconGroup("cue", cue)], g => g.Name != "cue");
        const string alphabet = "公交车站台子，";
        var random = new Random(17);
        for (var round = 0; round < 300; round++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(1, 30)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            var occurrences = new List<(string Term, int Start)>();
            for (var start = 0; start < text.Length; start++)
            {
                for (var length = 1; start + length <= text.Length; length++)
                {
                    var piece = text.Substring(start, length);
                    if (area.Contains(piece) || cue.Contains(piece))
                    {
                        occurrences.Add((piece, start));
                    }
                }
            }

            // Nested: an area term that a longer area term found in the text covers.
            bool Covered((string Term, int Start) o) => area.Contains(o.Term) && occurrences.Any(x =>
                area.Contains(x.Term) && x.Term.Length > o.Term.Length && x.Start <= o.Start && x.Start + x.Term.Length >= o.Start + o.Term.Length);
            var expected = occurrences.Select(o => (o.Term, o.Start, Covered(o))).ToHashSet();
            var found = Scan(text, lexicon).Terms.Select(t => (lexicon.Terms[t.Entry], t.Start, t.Nested)).ToList();

            Assert.Equal(found.Count, found.Distinct().Count());
            Assert.True(expected.SetEquals(found), $"\"{text}\": expected {string.Join(' ', expected)}, found {string.Join(' ', found)}");
        }
    }

    [Fact]
    public void RowMath_GivesBitForBitTheScalarLoopsSums()
    {
        var random = new Random(5);
        for (var round = 0; round < 200; round++)
        {
            var columns = random.Next(1, 24);
            var row = Enumerable.Range(0, columns).Select(_ => (float)((random.NextDouble() - 0.5) * 10)).ToArray();
            var start = Enumerable.Range(0, columns).Select(_ => random.NextDouble() - 0.5).ToArray();
            var x = random.NextDouble() * 3;

            var expected = start.ToArray();
            for (var c = 0; c < columns; c++)
            {
                expected[c] += x * row[c];
            }

            var actual = start.ToArray();
            RowMath.AddScaled(actual, row, x);
            Assert.Equal(expected, actual);

            var xf = (float)x;
            expected = start.ToArray();
            for (var c = 0; c < columns; c++)
            {
                expected[c] += xf * row[c];
            }

            actual = start.ToArray();
            RowMath.AddFloatScaled(actual, row, xf);
            Assert.Equal(expected, actual);

            // An 8-bit row and its scale (the hidden layer's rows) give the sums of the float row they stand for.
            var quantized = Enumerable.Range(0, columns + 8).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
            var scale = (float)(random.NextDouble() / 50);
            var dequantized = quantized.Take(columns).Select(q => q * scale).ToArray();
            expected = start.ToArray();
            RowMath.AddScaled(expected, dequantized, x);
            actual = start.ToArray();
            RowMath.AddScaledQuantized(actual, quantized.AsSpan(0, columns), scale, x);
            Assert.Equal(expected, actual);
        }
    }

    [Theory]
    [InlineData(64)]
    [InlineData(48)]
    [InlineData(32)]
    [InlineData(12)]
    public void RowMath_QuantizedRecordsInRegisters_GiveTheRowByRowSums(int columns)
    {
        var random = new Random(columns);
        var weights = Enumerable.Range(0, 50 * columns).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
        var scales = Enumerable.Range(0, 50).Select(_ => (float)(random.NextDouble() / 40)).ToArray();
        var rows = Enumerable.Range(0, 200).Select(_ => random.Next(0, 50)).ToArray();
        var xs = rows.Select(_ => random.NextDouble()).ToArray();
        var start = Enumerable.Range(0, columns).Select(_ => random.NextDouble() - 0.5).ToArray();

        // The classifier gives the sums only the rows below the layer's limit (40 here), in order.
        var expected = start.ToArray();
        for (var i = 0; i < rows.Length; i++)
        {
            if (rows[i] < 40)
            {
                RowMath.AddScaledQuantized(expected, weights.AsSpan(rows[i] * columns, columns), scales[rows[i]], xs[i]);
            }
        }

        // The rows and scales inside records (Model/FeatureRecords): 7 bytes in, the scale at byte 2, 9 bytes to spare.
        var stride = columns + 16;
        var records = new byte[50 * stride];
        for (var r = 0; r < 50; r++)
        {
            MemoryMarshal.AsBytes(weights.AsSpan(r * columns, columns)).CopyTo(records.AsSpan((r * stride) + 7));
            MemoryMarshal.Write(records.AsSpan((r * stride) + 2), scales[r]);
        }

        var actual = start.ToArray();
        var read = Enumerable.Range(0, rows.Length).Where(i => rows[i] < 40).ToArray();
        RowMath.AddScaledQuantizedRecords(actual, records, stride, 7, 2, [.. read.Select(i => rows[i])], [.. read.Select(i => xs[i])]);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(13, 18)]
    [InlineData(13, 13)]
    [InlineData(5, 18)]
    public void RowMath_SumScaledRecords_EqualsRowByRowAdds(int sums, int columns)
    {
        var random = new Random(sums * columns);
        var weights = Enumerable.Range(0, 50 * columns).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var scales = Enumerable.Range(0, 50).Select(_ => (float)(random.NextDouble() * 4)).ToArray();
        var rows = Enumerable.Range(0, 40).Select(_ => random.Next(50)).ToArray();

        var expected = new double[sums];
        foreach (var r in rows)
        {
            for (var c = 0; c < sums; c++)
            {
                expected[c] += scales[r] * weights[(r * columns) + c];
            }
        }

        // The rows inside records (Model/FeatureRecords): the scale first, the weights from byte 16.
        var stride = 16 + (columns * sizeof(float)) + 8;
        var records = new byte[50 * stride];
        for (var r = 0; r < 50; r++)
        {
            MemoryMarshal.Write(records.AsSpan(r * stride), scales[r]);
            MemoryMarshal.AsBytes(weights.AsSpan(r * columns, columns)).CopyTo(records.AsSpan((r * stride) + 16));
        }

        var actual = Enumerable.Repeat(99.0, sums).ToArray(); // overwritten, not added to
        RowMath.SumScaledRecords(actual, records, stride, 16, columns, 0, rows);
        Assert.Equal(expected, actual);
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
