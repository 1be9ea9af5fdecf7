namespace Suggestions.Classification.Tests;

public sealed class DistrictDetectorTests
{
    private readonly DistrictDetector _zhuzhou = DistrictDetector.ForZhuzhou();

    [Theory]
    [InlineData("我是荷塘区月塘街道的居民", "荷塘区")]
    [InlineData("芦淞服饰市场那边的垃圾中转站", "芦淞区")]
    [InlineData("醴陵那些烧瓷器的窑子", "醴陵市")]
    [InlineData("攸县县城的洣水河段", "攸县")]
    [InlineData("云龙这边新修的路", "云龙示范区")]
    [InlineData("经开区的企业招工", "株洲经开区")]
    [InlineData("株洲经开区新建厂房", "株洲经开区")]
    [InlineData("茶陵的公交太少", "茶陵县")]
    public void Detect_FullOrShortName_ReturnsDistrict(string text, string expected)
    {
        Assert.Equal(expected, _zhuzhou.Detect(text));
    }

    [Fact]
    public void Detect_CityNameOnly_ReturnsNull()
    {
        // "株洲" alone names the city, not the 株洲经开区 zone.
        Assert.Null(_zhuzhou.Detect("株洲夏天太热了，建议多种树"));
    }

    [Fact]
    public void Detect_TwoDistricts_ReturnsTheFirstNamed()
    {
        Assert.Equal("天元区", _zhuzhou.Detect("我住天元区，在石峰区上班"));
    }

    [Fact]
    public void Detect_AnotherCitysList_IsConfigurable()
    {
        var changsha = new DistrictDetector(["岳麓区", "雨花区", "浏阳市", "长沙县"]);

        Assert.Equal("岳麓区", changsha.Detect("岳麓山下的公交站"));
        Assert.Equal("浏阳市", changsha.Detect("浏阳的烟花厂"));
        Assert.Null(changsha.Detect("荷塘区的路灯"));
    }

    [Fact]
    public void Detect_Span_MatchesStringOverload()
    {
        const string text = "建议在渌口区建一个公园";
        Assert.Equal(_zhuzhou.Detect(text), _zhuzhou.Detect(text.AsSpan()));
    }
}
