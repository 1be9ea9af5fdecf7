using System.Text.Json;
using Suggestions.Cli;

namespace Suggestions.Classification.Tests;

public sealed class ClassifyCommandTests
{
    private static List<JsonElement> Run(string input, IProposalClassifier? classifier = null)
    {
        using var reader = new StringReader(input);
        using var writer = new StringWriter();
        ClassifyCommand.Run(reader, writer, classifier ?? new StubClassifier());
        return [.. writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }

    [Fact]
    public void Run_ValidLine_WritesFullAnswer()
    {
        var output = Run("""{"id":"a1","title":"公交","text":"建议加密公交班次"}""");

        var answer = Assert.Single(output);
        Assert.Equal("a1", answer.GetProperty("id").GetString());
        Assert.Equal("transport", answer.GetProperty("category").GetString());
        Assert.Equal(0.9, answer.GetProperty("confidence").GetDouble());
        Assert.False(answer.GetProperty("needsReview").GetBoolean());
        Assert.Equal("other", answer.GetProperty("alternatives")[0].GetProperty("category").GetString());
        Assert.Equal("公交", answer.GetProperty("reasons")[0].GetString());
        Assert.Equal("multi_issue", answer.GetProperty("hints")[0].GetString());
        Assert.True(answer.GetProperty("multiIssue").GetBoolean());
        Assert.False(answer.GetProperty("personalGrievance").GetBoolean());
        Assert.Equal("芦淞区", answer.GetProperty("district").GetString());
    }

    [Fact]
    public void Run_BadLines_GetErrorsAndOrderIsKept()
    {
        var input = string.Join('\n',
            """{"id":1,"text":"公交太少"}""",
            """{"id":2,"text":""",
            """{"id":3,"title":"没有正文"}""",
            """[1,2,3]""",
            "",
            """{"id":"5","text":"路灯不亮"}""");

        var output = Run(input);

        Assert.Equal(5, output.Count);
        Assert.Equal(1, output[0].GetProperty("id").GetInt32());
        Assert.Equal("transport", output[0].GetProperty("category").GetString());
        Assert.True(output[1].TryGetProperty("error", out _));
        Assert.Equal(3, output[2].GetProperty("id").GetInt32());
        Assert.Contains("text", output[2].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True(output[3].TryGetProperty("error", out _));
        Assert.Equal("5", output[4].GetProperty("id").GetString());
        Assert.Equal("other", output[4].GetProperty("category").GetString());
    }

    [Fact]
    public void Run_MissingTitle_ClassifiesWithEmptyTitle()
    {
        var classifier = new StubClassifier();
        Run("""{"id":"x","text":"公交"}""", classifier);

        Assert.Equal(string.Empty, Assert.Single(classifier.Seen).Title);
    }

    [Fact]
    public void Run_WrongPropertyType_IsAnErrorNotACrash()
    {
        var output = Run("""{"id":"x","text":5}""" + "\n" + """{"id":"y","text":"公交"}""");

        Assert.True(output[0].TryGetProperty("error", out _));
        Assert.Equal("transport", output[1].GetProperty("category").GetString());
    }

    [Fact]
    public void Run_ChineseOutput_IsNotEscaped()
    {
        using var reader = new StringReader("""{"id":"a","text":"公交"}""");
        using var writer = new StringWriter();
        ClassifyCommand.Run(reader, writer, new StubClassifier());

        Assert.Contains("芦淞区", writer.ToString(), StringComparison.Ordinal);
    }
}
