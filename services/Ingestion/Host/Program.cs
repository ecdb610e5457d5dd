using EvSysReview.Ingestion;
using EvSysReview.ServiceDefaults;

ServiceHost.Create(args, builder => builder.AddIngestion(), app => app.MapIngestion()).Run();
