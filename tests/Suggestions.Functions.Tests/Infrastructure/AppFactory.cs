using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Suggestions.Storage;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Suggestions.Tests.Infrastructure;

/// <summary>
/// The app in local mode (exactly what <c>dotnet run</c> starts) behind the real ASP.NET Core pipeline,
/// with its queue listeners running against the test Azurite.
/// </summary>
public class AppFactory(string connectionString, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, bool waitForStorage = true)
    : WebApplicationFactory<Program>
{
    public const string Issuer = "dotnet-user-jwts";
    public const string Audience = "http://localhost:7071";
    private static readonly byte[] SigningKey = Encoding.UTF8.GetBytes("test-signing-key-for-the-suggestions-suite-32b");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.ConfigureAppConfiguration(config =>
        {
            var values = new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = connectionString,
                // The same shape dotnet user-jwts writes into user secrets.
                ["Authentication:Schemes:Bearer:SigningKeys:0:Issuer"] = Issuer,
                ["Authentication:Schemes:Bearer:SigningKeys:0:Value"] = Convert.ToBase64String(SigningKey),
                // Fast polling and immediate retry, so queue tests take seconds (host.json stays as deployed).
                ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.200",
                ["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:00",
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                values[key] = value;
            }

            config.AddInMemoryCollection(values);
        });
        if (services is not null)
        {
            builder.ConfigureServices(services);
        }
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        if (waitForStorage)
        {
            // Like a readiness probe before traffic: the queues and tables exist before the first request.
            host.Services.GetRequiredService<StorageInitializer>().Ready.WaitAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
        }

        return host;
    }

    public HttpClient CreateStaffClient(params string[] roles) => CreateStaffClientFor("tester", roles);

    /// <summary>A client whose token names the member of staff <paramref name="user"/>.</summary>
    public HttpClient CreateStaffClientFor(string user, params string[] roles)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", CreateTokenFor(user, roles));
        return client;
    }

    public static string CreateToken(params string[] roles) => CreateTokenFor("tester", roles);

    public static string CreateTokenFor(string user, params string[] roles)
    {
        var claims = new List<Claim> { new("sub", user), new("unique_name", user) };
        claims.AddRange(roles.Select(r => new Claim("role", r)));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity(claims),
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(SigningKey), SecurityAlgorithms.HmacSha256),
        });
    }
}
