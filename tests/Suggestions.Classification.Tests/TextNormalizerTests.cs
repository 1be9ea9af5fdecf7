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
    public void Normalize_KeepsContactDetailsAndSpaces_TheTrainersForm()
    {
        const string text = "路 灯 坏 了，电话13907331234，见https://x.cn/p";
        Assert.Equal("路 灯 坏 了,电话13907331234,见https://x.cn/p", TextNormalizer.Normalize(text));
    }

    [Theory]
    [InlineData("路 灯 坏 了", "路灯坏了")]
    [InlineData("路 灯 坏 了 ， 请 修", "路灯坏了 , 请修")]
    [InlineData("路灯 坏 了", "路灯 坏了")]
    [InlineData("路\u3000灯\t坏\u00A0了", "路灯坏了")]
    [InlineData("我家 门口 的 路灯 坏了 好几天 没人 管", "我家门口的路灯坏了好几天没人管")] // typed word by word
    [InlineData("我家 门口 的 路灯 坏了，好几天 没人管", "我家门口的路灯坏了,好几天没人管")]
    [InlineData("建议 12 路 公交 增加 班次", "建议 12 路公交增加班次")] // only spaces between Chinese characters
    [InlineData("小区路灯 坏了 好几天了 没人管", "小区路灯坏了好几天了没人管")] // half the pieces are words
    public void NormalizeForClassification_SpacedOutWords_AreJoined(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.NormalizeForClassification(text));
    }

    [Theory]
    [InlineData("详见https://mp.weixin.qq.com/s/AbC-12_x?y=1&z=2。谢谢", "详见 。谢谢")]
    [InlineData("链接：http://example.gov.cn/a/b.html，请看", "链接: ,请看")]
    [InlineData("参考www.example.com/news/123.html的报道", "参考 的报道")]
    [InlineData("（见HTTPS://Example.ORG/Path）", "(见 )")]
    [InlineData("我的邮箱是zhang.wei_1985@qq.com。", "我的邮箱是 。")]
    [InlineData("邮箱：13907331234@163.com，", "邮箱: ,")]
    [InlineData("联系电话：13907331234。", "联系电话: 。")]
    [InlineData("电话 139 0733 1234 谢谢", "电话  谢谢")]
    [InlineData("座机0731-28123456", "座机 ")]
    [InlineData("+86 139-0733-1234", "+ ")]
    [InlineData("身份证号43020219850101123X，", "身份证号 ,")]
    [InlineData("身份证号430202198501011234", "身份证号 ")]
    [InlineData("路灯坏了，&nbsp;请修。<br>谢谢", "路灯坏了, 请修。 谢谢")]
    [InlineData("<p>路灯坏了</p>", " 路灯坏了 ")]
    [InlineData("见<img src=\"a.jpg\">图", "见 图")]
    [InlineData("路灯&#12290;&#x3002;坏了&amp;", "路灯  坏了 ")]
    [InlineData("abc&nbsp;d", "abc d")]
    [InlineData("补贴1500000元", "补贴 元")] // long amounts too
    public void NormalizeForClassification_ContactDetailsLinksAndHtmlRemnants_BecomeOneSpace(string text, string expected)
    {
        Assert.Equal(expected, TextNormalizer.NormalizeForClassification(text));
    }

    [Theory]
    [InlineData("路灯坏了 好几天了 没人管")] // spaces between words and clauses
    [InlineData("路灯坏了 好几天了 一直没人管 希望尽快修好")] // spaces for commas between clauses
    [InlineData("小区路灯 全部坏了 好几天了 没人管")] // fewer than half the pieces are words
    [InlineData("我们 小区 的路灯")]
    [InlineData("wi fi 5g, 2 km")]
    [InlineData("12 路 公交")]
    [InlineData("\u3000\u3000尊敬的领导：")]
    [InlineData("打了12345热线")] // short numbers, words and lookalikes of links, addresses and markup
    [InlineData("2024年投资150万元,12路公交")]
    [InlineData("qq123456789")]
    [InlineData("型号ab1234567")]
    [InlineData("www")]
    [InlineData("a@b")]
    [InlineData("问题@市长")]
    [InlineData("http是什么")]
    [InlineData("a.b.c.d.e.f.g.h")]
    [InlineData("x-y-z@")]
    [InlineData("PM2.5<35微克")]
    [InlineData("温度<30度，湿度>80%")]
    [InlineData("A&B公司")]
    [InlineData("&;")]
    [InlineData("<")]
    [InlineData("&#;")]
    [InlineData("1<2>3")]
    public void NormalizeForClassification_TextWithNothingToTakeOut_IsTheCanonicalForm(string text)
    {
        Assert.Equal(TextNormalizer.Normalize(text), TextNormalizer.NormalizeForClassification(text));
    }

    [Fact]
    public void NormalizeForClassification_DottedRunWithoutAddress_IsKeptWhole()
    {
        // Tried as an address once, at its start; a long run like this is what would make a per-letter attempt quadratic.
        var text = string.Concat(Enumerable.Repeat("a.", 5000)) + "@";
        Assert.Equal(text, TextNormalizer.NormalizeForClassification(text));
        Assert.Equal(" 。", TextNormalizer.NormalizeForClassification(string.Concat(Enumerable.Repeat("a.", 50)) + "a@b.cn。"));
    }

    [Fact]
    public void NormalizeForClassification_IntoASpan_AgreesWithTheString()
    {
        const string text = "居 民，电话１３９０７３３１２３４，邮箱ａ＠ｂ.ｃｏｍ，见 https://x.cn/p 。路灯坏了 好几天了 一直没人管";
        var buffer = new char[text.Length];
        var length = TextNormalizer.NormalizeForClassification(text, buffer);
        Assert.Equal("居民,电话 ,邮箱 ,见  。路灯坏了 好几天了 一直没人管", new string(buffer, 0, length));
        Assert.Equal(new string(buffer, 0, length), TextNormalizer.NormalizeForClassification(text));
    }

    [Fact]
    public void TraditionalChinese_Table_HasSeveralHundredDistinctMappings()
    {
        Assert.True(TraditionalChinese.Count >= 300, $"only {TraditionalChinese.Count} mappings");
        Assert.Equal('这', TraditionalChinese.ToSimplified('這'));
        Assert.Equal('a', TraditionalChinese.ToSimplified('a'));
    }
}
