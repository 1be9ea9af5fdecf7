using Microsoft.Extensions.Configuration;
using Suggestions.Classification;
using Suggestions.Common;
using Suggestions.Hosting;
using Suggestions.Hosting.Local;
using Suggestions.Processing;
using Suggestions.Review;
using Suggestions.Storage;

namespace Suggestions.Tests.Unit;

public sealed class SmallPartsTests
{
    [Theory]
    [InlineData("王建国", "王**")]
    [InlineData("李", "李*")]
    public void MaskName_KeepsFamilyNameOnly(string name, string masked) => Assert.Equal(masked, ContactMasking.MaskName(name));

    [Fact]
    public void MaskPhoneAndEmail_KeepOnlyWhatIdentifiesNobody()
    {
        Assert.Equal("*******1234", ContactMasking.MaskPhone("13907331234"));
        Assert.Equal("w***@example.com", ContactMasking.MaskEmail("wang.jianguo@example.com"));
        Assert.Null(ContactMasking.Mask(null));
    }

    [Fact]
    public void ContinuationToken_RoundTrips_AndRejectsGarbage()
    {
        var encoded = ContinuationToken.Encode("1!16!cGFydGl0aW9u 1!8!cm93");
        Assert.Equal((true, "1!16!cGFydGl0aW9u 1!8!cm93"), ContinuationToken.Decode(encoded));
        Assert.Null(ContinuationToken.Decode(null));
        Assert.Equal((false, null), ContinuationToken.Decode("%%%"));
    }

    [Fact]
    public void HostJsonSettings_ReadsHostJson_AndAppSettingsOverrideIt()
    {
        var directory = Directory.CreateTempSubdirectory().FullName;
        File.WriteAllText(Path.Combine(directory, "host.json"), """
            { "version": "2.0", "extensions": { "http": { "routePrefix": "x" }, "queues": { "batchSize": 8, "maxDequeueCount": 3, "visibilityTimeout": "00:00:07", "messageEncoding": "none" } } }
            """);
        var overrides = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = "9",
        }).Build();

        var settings = HostJsonSettings.Load(directory, overrides);

        Assert.Equal("x", settings.RoutePrefix);
        Assert.Equal(8, settings.Queues.BatchSize);
        Assert.Equal(9, settings.Queues.MaxDequeueCount);
        Assert.Equal(TimeSpan.FromSeconds(7), settings.Queues.VisibilityTimeout);
        Assert.False(settings.Queues.Base64Encoding);
        Assert.Equal(TimeSpan.FromMinutes(1), settings.Queues.MaxPollingInterval); // the host's default
    }

    [Fact]
    public void HostJsonSettings_TheRepositoryHostJson_UsesBase64AndPoisonAfterFive()
    {
        var settings = HostJsonSettings.Load(AppContext.BaseDirectory, new ConfigurationBuilder().Build());
        Assert.Equal("api", settings.RoutePrefix);
        Assert.True(settings.Queues.Base64Encoding);
        Assert.Equal(5, settings.Queues.MaxDequeueCount);
    }

    [Fact]
    public void StorageConnection_IdentityBasedSettings_UseExplicitServiceUris()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage:queueServiceUri"] = "https://acct.queue.core.chinacloudapi.cn",
            ["AzureWebJobsStorage:tableServiceUri"] = "https://acct.table.core.chinacloudapi.cn",
            ["AzureWebJobsStorage:blobServiceUri"] = "https://acct.blob.core.chinacloudapi.cn",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
        }).Build();

        var connection = StorageConnection.FromConfiguration(configuration);

        Assert.Null(connection.ConnectionString);
        Assert.Equal("acct.queue.core.chinacloudapi.cn", connection.QueueServiceUri!.Host);
        Assert.Equal("acct.table.core.chinacloudapi.cn", connection.TableServiceUri!.Host);
        Assert.IsType<Azure.Identity.ManagedIdentityCredential>(connection.Credential);
        Assert.False(connection.IsDevelopmentStorage);
    }

    [Fact]
    public void StorageConnection_Missing_ExplainsWhatToSet()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageConnection.FromConfiguration(new ConfigurationBuilder().Build()));
        Assert.Contains("UseDevelopmentStorage=true", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmulatorPorts_DefaultAndExplicit()
    {
        Assert.Equal((10000, 10001, 10002), LocalStorageEmulator.EmulatorPorts("UseDevelopmentStorage=true"));
        Assert.Equal((1, 2, 3), LocalStorageEmulator.EmulatorPorts(new AzuriteSettings("x", 1, 2, 3, null).ConnectionString));
    }

    [Theory]
    [InlineData(new[] { "--functions-uri", "http://127.0.0.1:5000/" }, true)]
    [InlineData(new[] { "--Functions:Worker:HostEndpoint", "http://127.0.0.1:5000/" }, true)]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "--urls", "http://localhost:5000" }, false)]
    public void FunctionsHostDetection_RecognisesTheHostsArguments(string[] args, bool expected) =>
        Assert.Equal(expected, FunctionsHostDetection.IsStartedByFunctionsHost(args));

    [Fact]
    public void ClassifierSettings_FromConfiguration_AreTheClassifiersOptions()
    {
        ClassifierSettings Bound(params (string Key, string Value)[] values) =>
            new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build()
                .GetSection(ClassifierSettings.SectionName).Get<ClassifierSettings>() ?? new ClassifierSettings();

        var unset = Bound().ToClassifierOptions();
        Assert.Null(unset.ContactMask); // the model decides
        Assert.Equal(1500, unset.MaxLength);

        var set = Bound(("Classifier:ContactMask", "true"), ("Classifier:MaxLength", "800")).ToClassifierOptions();
        Assert.True(set.ContactMask);
        Assert.Equal(800, set.MaxLength);
        Assert.False(Bound(("Classifier:ContactMask", "false")).ToClassifierOptions().ContactMask);

        // The embedded model with the setting on leaves the addressee of an earlier contact unread.
        var masked = NgramClassifier.LoadDefault(DistrictDetector.ForZhuzhou(), set);
        var plain = NgramClassifier.LoadDefault(DistrictDetector.ForZhuzhou(), unset);
        var told = new ProposalText(string.Empty, "小区门口的路灯坏了两个月,晚上很黑。这事跟居委会说了不下五回。");
        var bare = new ProposalText(string.Empty, "小区门口的路灯坏了两个月,晚上很黑。这事跟 说了不下五回。");
        Assert.Equal(masked.Classify(bare).Confidence, masked.Classify(told).Confidence);
        Assert.NotEqual(plain.Classify(bare).Confidence, plain.Classify(told).Confidence);
    }

    [Fact]
    public void KeywordClassifier_FindsCategoryAndDistrict()
    {
        var result = new KeywordClassifier(DistrictDetector.ForZhuzhou()).Classify(new ProposalText("", "芦淞区的公交站台太少，建议增加公交线路和候车亭。"));
        Assert.Equal("transport", result.Category);
        Assert.Equal("芦淞区", result.District);
        Assert.Equal("keyword-1", result.ModelVersion);
    }
}
