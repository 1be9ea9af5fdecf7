using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Suggestions.Classification;

namespace Suggestions.Processing;

/// <summary>
/// Loads the classification model when the app starts (issue 4: "the app loads the model at start"), in both modes. A
/// wrong <c>Classifier</c> setting or a damaged model file then stops the start with a message naming the setting, rather
/// than letting the app answer healthy while every acknowledged proposal fails its processing; and the first proposal does
/// not wait for the load. The log says which model answers.
/// </summary>
public sealed partial class ClassifierStartup(IServiceProvider services, ILogger<ClassifierStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var classifier = services.GetRequiredService<IProposalClassifier>();
        Loaded(logger, classifier.ModelVersion);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Classification model {ModelVersion} loaded")]
    private static partial void Loaded(ILogger logger, string modelVersion);
}
