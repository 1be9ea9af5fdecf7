using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Suggestions.Classification;
using Suggestions.Tests.Infrastructure;

namespace Suggestions.Tests.Integration;

/// <summary>
/// The app loads its classification model and checks its settings when it starts (issue 4), not when the first proposal or
/// decision arrives: a wrong setting stops the start with a message naming it, instead of every acknowledged proposal (or
/// decision) failing later.
/// </summary>
public sealed class StartupTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Start_WithAModelPathThatIsNoFile_FailsNamingTheSetting()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-model-{Guid.NewGuid():N}.ngm");
        await using var app = new AppFactory(azurite.ConnectionString, new Dictionary<string, string?> { ["Classifier:ModelPath"] = missing });

        var error = Assert.ThrowsAny<Exception>(() => app.Server);
        var message = Messages(error);
        Assert.Contains("Classifier:ModelPath", message, StringComparison.Ordinal);
        Assert.Contains(missing, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithAModelFileThatIsNoModel_FailsNamingTheSetting()
    {
        var damaged = Path.Combine(Path.GetTempPath(), $"damaged-model-{Guid.NewGuid():N}.ngm");
        await File.WriteAllTextAsync(damaged, "this is not a model", TestContext.Current.CancellationToken);
        try
        {
            await using var app = new AppFactory(azurite.ConnectionString, new Dictionary<string, string?> { ["Classifier:ModelPath"] = damaged });

            var error = Assert.ThrowsAny<Exception>(() => app.Server);
            var message = Messages(error);
            Assert.Contains("Classifier:ModelPath", message, StringComparison.Ordinal);
            Assert.Contains("could not be read as a model", message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(damaged);
        }
    }

    [Theory]
    [InlineData("Classifier:ContactMask", "maybe")]
    [InlineData("Classifier:MaxLength", "0")]
    [InlineData("Classifier:MaxLength", "many")]
    [InlineData("Review:DecisionFollowUpDelay", "-00:00:01")]
    [InlineData("Review:DecisionFollowUpDelay", "8.00:00:00")]
    [InlineData("Review:DecisionFollowUpDelay", "soon")]
    public async Task Start_WithAnInvalidSetting_FailsNamingIt(string key, string value)
    {
        await using var app = new AppFactory(azurite.ConnectionString, new Dictionary<string, string?> { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => app.Server);
        Assert.Contains(key, Messages(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_LoadsTheModelBeforeAnyProposal_AndLogsWhichOne()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = new AppFactory(azurite.ConnectionString, services: s => s.AddSingleton<ILoggerProvider>(logs));
        using var client = app.CreateClient();
        var health = await client.GetAsync("/api/health", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        // No proposal was sent: the model's version is in the start's log all the same.
        var embedded = NgramClassifier.LoadDefault(DistrictDetector.ForZhuzhou()).ModelVersion;
        Assert.Contains(logs.Lines, line => line.Contains("Classification model", StringComparison.Ordinal) && line.Contains(embedded, StringComparison.Ordinal));
    }

    /// <summary>The messages of <paramref name="error"/> and of every exception inside it, each once.</summary>
    private static string Messages(Exception error) => error switch
    {
        AggregateException aggregate => string.Join(" | ", [aggregate.Message, .. aggregate.InnerExceptions.Select(Messages)]),
        { InnerException: { } inner } => $"{error.Message} | {Messages(inner)}",
        _ => error.Message,
    };
}
