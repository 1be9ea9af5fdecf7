using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Suggestions.Hosting;
using Suggestions.Review;
using Suggestions.Tests.Infrastructure;

namespace Suggestions.Tests.Integration;

/// <summary>
/// Under the Functions host no local-mode middleware runs: the role check lives in the functions. The host
/// itself cannot run here (no Core Tools), so this builds the worker-mode application exactly as
/// Program.cs does under the host — its container, its configuration — and calls the staff functions
/// with requests from that container, as the ASP.NET Core integration would hand them over.
/// </summary>
public sealed class WorkerModeTests(AzuriteFixture azurite)
{
    public static TheoryData<string?, int> Cases => new()
    {
        { null, StatusCodes.Status401Unauthorized },
        { StaffRoles.Official, StatusCodes.Status403Forbidden },
        { StaffRoles.Reviewer, StatusCodes.Status200OK },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task StaffFunction_InTheWorkerModeContainer_ChecksTheTokenAndRole(string? role, int expected)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.ConfigureFunctionsWebApplication();
        builder.Services.AddApplicationServices();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Authentication:Schemes:Bearer:ValidIssuer"] = AppFactory.Issuer,
            ["Authentication:Schemes:Bearer:ValidAudiences:0"] = AppFactory.Audience,
            ["Authentication:Schemes:Bearer:SigningKeys:0:Issuer"] = AppFactory.Issuer,
            ["Authentication:Schemes:Bearer:SigningKeys:0:Value"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("test-signing-key-for-the-suggestions-suite-32b")),
        });
        using var host = builder.Build();

        // The worker's hosted services (which create the tables) start only with the host's connection.
        await new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString).CreateTableIfNotExistsAsync(Suggestions.Storage.StorageNames.ReviewIndexTable, TestContext.Current.CancellationToken);
        await using var scope = host.Services.CreateAsyncScope();

        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = "GET";
        context.Request.Path = "/api/review/suggestions";
        context.Request.QueryString = new QueryString("?category=transport&campaign=zhuzhou-2023");
        if (role is not null)
        {
            context.Request.Headers.Authorization = "Bearer " + AppFactory.CreateToken(role);
        }

        context.Response.Body = new MemoryStream();
        var api = ActivatorUtilities.CreateInstance<ReviewApi>(scope.ServiceProvider);
        var result = await api.ListForReview(context.Request, TestContext.Current.CancellationToken);
        await result.ExecuteResultAsync(new ActionContext { HttpContext = context });

        Assert.Equal(expected, context.Response.StatusCode);
    }
}
