using Suggestions.Classification.Text;

namespace Suggestions.Classification.Tests;

public sealed class ReasonEdgesTests
{
    /// <summary>
    /// Snaps the reason <paramref name="reason"/> (its first occurrence in <paramref name="text"/>), with the lexicon
    /// terms <paramref name="terms"/> found where they first occur; returns the phrase shown, or null for none.
    /// </summary>
    private static string? Snap(string text, string reason, params string[] terms)
    {
        var (start, end, termStarts, termLengths) = Place(text, reason, terms);
        return ReasonEdges.Snap(text, ref start, ref end, termStarts, termLengths) ? text[start..end] : null;
    }

    /// <summary>
    /// <see cref="Snap(string, string, string[])"/> with word bonds: <paramref name="pairs"/> maps a pair of characters to
    /// its share (the pair's document frequency over its rarer character's; a pair not listed binds nothing), bound from
    /// <see cref="Threshold"/> on, as the classifier's default.
    /// </summary>
    private static string? SnapWithBonds(string text, string reason, Dictionary<string, double> pairs, params string[] terms)
    {
        var (start, end, termStarts, termLengths) = Place(text, reason, terms);
        var bonds = new TableBonds(text, pairs);
        return ReasonEdges.Snap(text, ref start, ref end, termStarts, termLengths, ref bonds) ? text[start..end] : null;
    }

    private static (int Start, int End, int[] TermStarts, int[] TermLengths) Place(string text, string reason, string[] terms)
    {
        var start = text.IndexOf(reason, StringComparison.Ordinal);
        Assert.True(start >= 0, $"{reason} is not in the text");
        var termStarts = terms.Select(t => text.IndexOf(t, StringComparison.Ordinal)).ToArray();
        Assert.DoesNotContain(-1, termStarts);
        return (start, start + reason.Length, termStarts, terms.Select(t => t.Length).ToArray());
    }

    private const double Threshold = 0.05;

    private readonly struct TableBonds(string text, Dictionary<string, double> pairs) : IWordBonds
    {
        public double Threshold => Math.Log(ReasonEdgesTests.Threshold);

        public double Strength(int position) =>
            position > 0 && position < text.Length && pairs.TryGetValue(text.Substring(position - 1, 2), out var share)
                ? Math.Log(share)
                : double.NegativeInfinity;
    }

    [Fact]
    public void Snap_AnEdgeInsideABoundPair_MovesOutToTheWordsEdge()
    {
        Assert.Equal("发个通知", SnapWithBonds("提前一天发个通知吧", "发个通", new() { ["通知"] = 0.9 }));
        Assert.Equal("居民小区", SnapWithBonds("居民小区有公告栏", "民小", new() { ["居民"] = 0.8, ["小区"] = 0.9, ["民小"] = 0.01 }));

        // A pair that always comes with the next one (小卖部: 小卖 and 卖部 equally bound) still counts as a word's inside.
        Assert.Equal("小卖部买", SnapWithBonds("只能去小卖部买汽油", "卖部买", new() { ["小卖"] = 0.1, ["卖部"] = 0.1 }));
    }

    [Fact]
    public void Snap_AnEdgeInsideABoundPair_MovesInWhenTheWordGoesOnTooFar()
    {
        // 芦淞 goes on into 淞服 (bound too): the end moves in; the start moves out to 建议; the 在 left at the end is dropped,
        // and then 建议, a request word, too: nothing is left to show.
        var pairs = new Dictionary<string, double> { ["建议"] = 0.9, ["议在"] = 0.1, ["芦淞"] = 0.95, ["淞服"] = 0.3 };
        Assert.Null(SnapWithBonds("建议在芦淞服装城附近增加停车位", "议在芦", pairs));
        Assert.Equal("芦淞服装城", SnapWithBonds("建议在芦淞服装城附近增加停车位", "议在芦淞服装城", pairs));

        // Out would make the phrase longer than MaxPhrase: in instead.
        Assert.Equal(ReasonEdges.MaxPhrase, "停车位不够用了大".Length);
        Assert.Equal("停车位不够用", SnapWithBonds("停车位不够用了大家说", "停车位不够用了大", new() { ["大家"] = 0.9 }));
    }

    [Fact]
    public void Snap_WeakPairs_MoveNothing() =>
        Assert.Equal("发个通", SnapWithBonds("提前一天发个通知吧", "发个通", new() { ["通知"] = 0.04 }));

    [Fact]
    public void Snap_AnEdgeWhereALexiconTermBeginsOrEnds_StaysPut()
    {
        Assert.Equal("停车场", SnapWithBonds("小区停车场地不够", "停车场", new() { ["场地"] = 0.9 }, "停车场"));
        Assert.Equal("停车场地", SnapWithBonds("小区停车场地不够", "停车场", new() { ["场地"] = 0.9 }));
    }

    [Theory]
    [InlineData("街边新开的理发店很吵", "的理发店", "理发店")]
    [InlineData("报销的比例太低了", "报销的", "报销")]
    [InlineData("请公安机关查处", "请公安机关", "公安机关")]
    [InlineData("我们小区附近", "我们小区", "小区")]
    [InlineData("请问这个留言板有人看吗", "这个留言", "留言")]
    [InlineData("牛奶过期两个月了", "过期两个", "过期")]
    public void Snap_GrammarWordsAtTheEdges_AreDropped(string text, string reason, string expected) =>
        Assert.Equal(expected, Snap(text, reason));

    [Theory]
    [InlineData("建议人社部门多办招聘会", "建议人社部门", "人社部门")]
    [InlineData("恳请卫健委重视", "恳请卫健委", "卫健委")]
    [InlineData("希望改善一下", "希望改善", "改善")]
    public void Snap_ARequestWordAtTheStart_IsDropped(string text, string reason, string expected) =>
        Assert.Equal(expected, Snap(text, reason));

    [Fact]
    public void Snap_ARequestWordAlone_IsNotShown() => Assert.Null(Snap("建议多修路", "建议"));

    [Fact]
    public void Snap_NothingButGrammarAndAFragment_IsNotShown()
    {
        Assert.Null(Snap("窗户都不敢开", "户都不"));
        Assert.Null(Snap("说的是真的吗", "是真的吗"));
    }

    [Fact]
    public void Snap_ALexiconTermTheReasonCuts_IsTakenWhole()
    {
        Assert.Equal("交通拥堵", Snap("上下学时交通拥堵严重", "交通拥", "交通拥堵"));
        Assert.Equal("水务公司", Snap("今年水务公司上门", "水务公", "水务公司"));
        Assert.Equal("征地补偿款", Snap("村里的征地补偿款被截留", "地补偿款", "征地补偿款"));
    }

    [Fact]
    public void Snap_ATermThatWouldMakeThePhraseTooLong_IsNotTaken()
    {
        const string text = "小区门口电动自行车集中充电设施不够";
        Assert.Equal("充电设施", Snap(text, "充电设施", "电动自行车集中充电"));
        Assert.Equal("集中充电", Snap(text, "集中充电", "电动自行车集中充电"));
    }

    [Fact]
    public void Snap_ALexiconTermThatBeginsOrEndsWithAGrammarCharacter_KeepsIt()
    {
        Assert.Equal("就业", Snap("大学生就业难", "就业", "就业"));
        Assert.Equal("个体户", Snap("我是个体户", "个体户", "个体户"));
        Assert.Equal("体户", Snap("我是个体户", "个体户"));
        Assert.Equal("黑摩的", Snap("路口黑摩的很多", "黑摩的", "黑摩的"));
    }

    [Fact]
    public void Snap_ATermLedByAPronoun_ProtectsNothing() =>
        Assert.Equal("小区", Snap("我们小区没有路灯", "我们小区", "我们小区"));

    [Fact]
    public void Snap_ASingleCharacter_IsNotShown()
    {
        Assert.Null(Snap("天天都堵", "堵"));
        Assert.Null(Snap("天天都堵", "都"));
        Assert.Equal("天天", Snap("天天都堵", "天天"));
    }
}
