using Suggestions.Classification.Training;

namespace Suggestions.Classification.Tests;

public sealed class TextCropsTests
{
    private const string Letter = "尊敬的领导：您好！我是芦淞区的居民。我们小区门口的公交站太远了，老人走过去要二十分钟。建议增设一个站点！谢谢！";

    [Fact]
    public void Sentences_EndAtTheirMarks_KeepThem_AndJoinBackToTheText()
    {
        var sentences = TextCrops.Sentences(Letter);

        Assert.Equal(["尊敬的领导：您好！", "我是芦淞区的居民。", "我们小区门口的公交站太远了，老人走过去要二十分钟。", "建议增设一个站点！", "谢谢！"], sentences);
        Assert.Equal(Letter, string.Concat(sentences));
    }

    [Fact]
    public void Sentences_KeepARunOfMarksTogether_SplitAtLineBreaks_AndDropBlankOnes()
    {
        Assert.Equal(["路灯坏了？？", "谁管管……", "在哪里"], TextCrops.Sentences("路灯坏了？？谁管管……在哪里"));
        Assert.Equal(["标题\n", "第一行。\n\n", "第二行"], TextCrops.Sentences("标题\n第一行。\n\n第二行"));
        Assert.Equal(["好。", "再见"], TextCrops.Sentences("好。  \n再见")); // the blank line between them is no sentence
        Assert.Empty(TextCrops.Sentences("  \n "));
    }

    [Fact]
    public void Windows_AreRunsOfWholeSentences_WithinTheLengths_NeverTheWholeText()
    {
        var windows = TextCrops.Windows(Letter, 8, 40);

        Assert.NotEmpty(windows);
        var sentences = TextCrops.Sentences(Letter);
        foreach (var window in windows)
        {
            var length = window.Count(c => !char.IsWhiteSpace(c));
            Assert.InRange(length, 8, 40);
            Assert.NotEqual(Letter, window);

            // Whole sentences: the window is a concatenation of consecutive sentences.
            var found = false;
            for (var first = 0; first < sentences.Count && !found; first++)
            {
                for (var count = 1; first + count <= sentences.Count && !found; count++)
                {
                    found = string.Concat(sentences.Skip(first).Take(count)).Trim() == window;
                }
            }

            Assert.True(found, window);
        }

        Assert.Contains("我们小区门口的公交站太远了，老人走过去要二十分钟。", windows);
        Assert.Contains("我们小区门口的公交站太远了，老人走过去要二十分钟。建议增设一个站点！", windows);
        Assert.Contains("谢谢！", TextCrops.Windows(Letter, 2, 40));
        Assert.DoesNotContain("谢谢！", windows); // three characters: under the shortest
    }

    [Fact]
    public void Windows_OfOneSentence_OrOfATextWithinTheShortest_AreNone()
    {
        Assert.Empty(TextCrops.Windows("小区门口的路灯坏了两个多月，建议尽快维修。", 4, 60));
        Assert.Empty(TextCrops.Windows("路灯坏了。修修吧。", 8, 60));
        Assert.Empty(TextCrops.Windows(string.Empty, 1, 60));
    }

    [Fact]
    public void Windows_TheWholeTextIsNeverOne_EvenWhenItFits()
    {
        const string Text = "路灯坏了两个多月。晚上走路很危险。建议尽快维修。";
        var windows = TextCrops.Windows(Text, 4, 60);

        Assert.DoesNotContain(Text, windows);
        Assert.Equal(["路灯坏了两个多月。", "路灯坏了两个多月。晚上走路很危险。", "晚上走路很危险。", "晚上走路很危险。建议尽快维修。", "建议尽快维修。"], windows);
    }
}
