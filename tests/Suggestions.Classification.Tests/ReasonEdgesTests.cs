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
        var start = text.IndexOf(reason, StringComparison.Ordinal);
        Assert.True(start >= 0, $"{reason} is not in the text");
        var end = start + reason.Length;
        var termStarts = terms.Select(t => text.IndexOf(t, StringComparison.Ordinal)).ToArray();
        Assert.DoesNotContain(-1, termStarts);
        var termLengths = terms.Select(t => t.Length).ToArray();
        return ReasonEdges.Snap(text, ref start, ref end, termStarts, termLengths) ? text[start..end] : null;
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
