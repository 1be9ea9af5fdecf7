using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Suggestions.Admin;
using Suggestions.Campaigns;
using Suggestions.Classification;
using Suggestions.Common;
using Suggestions.Intake;
using Suggestions.Processing;
using Suggestions.Queueing;
using Suggestions.Storage;
using Suggestions.Tracking;

namespace Suggestions.Hosting;

public static class ApplicationServices
{
    /// <summary>Everything the functions need, the same in both modes.</summary>
    public static IServiceCollection AddApplicationServices(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddProblemDetails();

        services.AddOptions<CampaignOptions>().BindConfiguration(CampaignOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<CampaignOptions>, CampaignOptionsValidator>();
        services.AddOptions<CityOptions>().BindConfiguration(CityOptions.SectionName).ValidateOnStart();
        services.AddSingleton<CampaignCatalog>();
        services.AddSingleton<CityClock>();

        services.AddStorage();

        services.AddOptions<ClassifierSettings>().BindConfiguration(ClassifierSettings.SectionName)
            .Validate(s => s.MaxLength > 0, $"{ClassifierSettings.SectionName}:{nameof(ClassifierSettings.MaxLength)} must be a positive number of characters.")
            .ValidateOnStart();
        services.AddSingleton<IProposalClassifier>(sp =>
        {
            // The trained model: the configured file (a retrained one), else the one embedded in the library.
            var campaigns = sp.GetRequiredService<CampaignCatalog>();
            return sp.GetRequiredService<IOptions<ClassifierSettings>>().Value.Load(campaigns.DistrictsOf(campaigns.Current.Id));
        });
        services.AddHostedService<ClassifierStartup>();
        services.AddSingleton<TextSanitizer>();
        services.AddSingleton<SuggestionValidator>();
        services.AddSingleton<IntakeService>();
        services.AddSingleton<ProcessingService>();
        services.AddSingleton<PoisonReplay>();
        services.AddOptions<Review.ReviewOptions>().BindConfiguration(Review.ReviewOptions.SectionName)
            .Validate(
                o => o.DecisionFollowUpDelay >= TimeSpan.Zero && o.DecisionFollowUpDelay <= Review.ReviewOptions.MaxDelay,
                $"{Review.ReviewOptions.SectionName}:{nameof(Review.ReviewOptions.DecisionFollowUpDelay)} must be between 00:00:00 and 7.00:00:00.")
            .ValidateOnStart();
        services.AddSingleton<Review.DecisionFollowUp>();

        // Bearer tokens, configured from Authentication:Schemes:Bearer (dotnet user-jwts locally, Entra ID in Azure).
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        return services;
    }

    private static void AddStorage(this IServiceCollection services)
    {
        // Read when first needed, from the final configuration (tests and hosts may add to it after registration).
        services.AddSingleton(sp => StorageConnection.FromConfiguration(sp.GetRequiredService<IConfiguration>()));
        services.AddAzureClients(clients =>
        {
            clients.AddClient<QueueServiceClient, QueueClientOptions>((options, _, sp) =>
            {
                options.MessageEncoding = QueueMessageEncoding.Base64;
                return sp.GetRequiredService<StorageConnection>().CreateQueueServiceClient(options);
            }).WithName(StorageClientNames.Base64);
            clients.AddClient<QueueServiceClient, QueueClientOptions>((options, _, sp) => sp.GetRequiredService<StorageConnection>().CreateQueueServiceClient(options))
                .WithName(StorageClientNames.Raw);
            clients.AddClient<TableServiceClient, TableClientOptions>((options, _, sp) => sp.GetRequiredService<StorageConnection>().CreateTableServiceClient(options));
            clients.AddClient<BlobServiceClient, BlobClientOptions>((options, _, sp) => sp.GetRequiredService<StorageConnection>().CreateBlobServiceClient(options));

            // Fail fast enough to answer a citizen within seconds (503 + Retry-After) instead of hanging.
            clients.ConfigureDefaults((options, sp) =>
            {
                // The SDK's request logging is formatted per request whenever anything listens to its event
                // source — and AddAzureClients' log forwarder always listens, even when the Azure.Core log
                // level filters every line away. Off unless asked for: storage failures surface as
                // exceptions, which our code logs (by code, never with citizen data).
                options.Diagnostics.IsLoggingEnabled = sp.GetRequiredService<IConfiguration>().GetValue("AzureSdk:RequestLogging", false);
                options.Retry.Mode = RetryMode.Exponential;
                options.Retry.MaxRetries = 2;
                options.Retry.Delay = TimeSpan.FromMilliseconds(200);
                options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
                options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
            });
        });

        services.AddSingleton<ISuggestionQueueClient, SuggestionQueueClient>();
        services.AddSingleton<ISuggestionStore, TableSuggestionStore>();
        services.AddSingleton<IIdempotencyStore, TableIdempotencyStore>();
        services.AddSingleton<ICorrectionStore, TableCorrectionStore>();
        services.AddSingleton<IReviewedCategoryStore, TableReviewedCategoryStore>();
        services.AddSingleton<StorageInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<StorageInitializer>());
        services.AddSingleton<ITrackingSealSource, TrackingSealSource>();
    }
}
