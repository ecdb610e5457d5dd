using EvSysReview.Reviews.Accounts;
using EvSysReview.Reviews.Members;
using EvSysReview.Reviews.Projects;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EvSysReview.Reviews;

/// <summary>Projects, protocols, teams and the built-in token issuer.</summary>
public sealed class ReviewsModule : IServiceModule
{
    public static string Name => "reviews";
}

public static class ReviewsModuleExtensions
{
    public static IHostApplicationBuilder AddReviews(this IHostApplicationBuilder builder)
    {
        builder.AddModule<ReviewsModule>();
        builder.Services.AddScoped<ProjectRepository>();
        builder.Services.AddTokenIssuer();
        return builder;
    }

    public static WebApplication MapReviews(this WebApplication app)
    {
        app.MapTokenIssuer(app.Services.GetRequiredService<AuthSettings>());
        app.MapGroup("/api/reviews").WithTags("reviews").MapProjects().MapMembers();
        return app;
    }
}
