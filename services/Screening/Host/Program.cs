using EvSysReview.Screening;
using EvSysReview.ServiceDefaults;

ServiceHost.Create(args, builder => builder.AddScreening(), app => app.MapScreening()).Run();
