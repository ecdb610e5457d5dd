using EvSysReview.Reviews;
using EvSysReview.ServiceDefaults;

ServiceHost.Create(args, builder => builder.AddReviews(), app => app.MapReviews()).Run();
