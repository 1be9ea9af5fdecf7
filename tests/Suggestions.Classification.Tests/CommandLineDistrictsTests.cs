using Suggestions.Cli;

namespace Suggestions.Classification.Tests;

public sealed class CommandLineDistrictsTests
{
    private static DistrictDetector Districts(params string[] args) => CommandLine.Parse(args).Districts();

    [Fact]
    public void Districts_NotGiven_AreZhuzhousWithItsShortForms()
    {
        var districts = Districts();

        Assert.Equal("云龙示范区", districts.Detect("云龙这边新修的路"));
        Assert.Equal("芦淞区", districts.Detect("芦淞服饰市场"));
    }

    [Fact]
    public void Districts_AsAList_AreAnotherCitysWithTheirAliases()
    {
        var districts = Districts("--districts", "芙蓉区，天心区, 开福区,马栏山=开福区");

        Assert.Equal("芙蓉区", districts.Detect("芙蓉路口的红绿灯"));
        Assert.Equal("开福区", districts.Detect("马栏山视频文创园门口"));
        Assert.Equal("天心区", districts.Detect("我住天心区"));
        Assert.Null(districts.Detect("荷塘区的路灯"));
        Assert.Null(districts.Detect("云龙这边新修的路"));
    }

    [Fact]
    public void Districts_FromAFile_ReadOneEntryPerLineWithoutComments()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path, ["# 长沙市", "岳麓区", "浏阳市  # 县级市", "", "湘江新区=岳麓区"]);

            var districts = Districts("--districts", path);

            Assert.Equal("岳麓区", districts.Detect("湘江新区的地铁口"));
            Assert.Equal("浏阳市", districts.Detect("浏阳的烟花厂"));
            Assert.Null(districts.Detect("县级市"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("芙蓉区,马栏山=开福区")] // an alias for a district not in the list
    [InlineData("芙蓉区,=芙蓉区")]
    [InlineData(" , ")]
    public void Districts_Malformed_AreRefusedWithAMessage(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => Districts("--districts", value));

        Assert.Contains("--districts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Classify_WithMalformedDistricts_ExitsWithCode2AndSaysWhy()
    {
        using var error = new StringWriter();

        var code = await Verbs.RunAsync(["classify", "--districts", "芙蓉区,马栏山=开福区"], error);

        Assert.Equal(2, code);
        Assert.Contains("马栏山=开福区", error.ToString(), StringComparison.Ordinal);
    }
}
