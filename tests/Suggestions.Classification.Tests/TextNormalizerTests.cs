using Suggestions.Classification.Text;

namespace Suggestions.Classification.Tests;

public sealed class TextNormalizerTests
{
    [Fact]
    public void Normalize_FullWidthAscii_BecomesHalfWidthLowerCase()
    {
        Assert.Equal("abc123!?()", TextNormalizer.Normalize("ＡＢＣ１２３！？（）"));
    }

    [Fact]
    public void Normalize_IdeographicSpaceAndTab_BecomeSpaces()
    {
        Assert.Equal("公交 站台 加密", TextNormalizer.Normalize("公交\u3000站台\t加密"));
    }

    [Fact]
    public void Normalize_TraditionalCharacters_BecomeSimplified()
    {
        Assert.Equal("建议增加公交车线路,医院门诊时间延长", TextNormalizer.Normalize("建議增加公交車線路，醫院門診時間延長"));
    }

    [Fact]
    public void Normalize_SimplifiedText_IsUnchanged()
    {
        const string text = "关于在荷塘区增设社区食堂的建议。";
        Assert.Equal(text, TextNormalizer.Normalize(text));
    }

    [Fact]
    public void Normalize_QuotesAndBrackets_HaveOneSpelling()
    {
        Assert.Equal("\"一件事\"[通知]'好'", TextNormalizer.Normalize("“一件事”【通知】‘好’"));
    }

    [Fact]
    public void Normalize_LineBreaks_AreUnifiedAndInvisibleCharactersDropped()
    {
        Assert.Equal("第一行\n第二行\n第三行", TextNormalizer.Normalize("第一行\r\n第\u200B二行\r第三行\uFEFF"));
    }

    [Fact]
    public void TraditionalChinese_Table_HasSeveralHundredDistinctMappings()
    {
        Assert.True(TraditionalChinese.Count >= 300, $"only {TraditionalChinese.Count} mappings");
        Assert.Equal('这', TraditionalChinese.ToSimplified('這'));
        Assert.Equal('a', TraditionalChinese.ToSimplified('a'));
    }
}
