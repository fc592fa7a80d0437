import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module';
import { MaintenanceCalendar } from './maintenance-calendar';
import { MaintenanceScheduler } from './maintenance-scheduler';
import { MaintenanceWindowsController } from './maintenance-windows.controller';
import { MaintenanceWindowsService } from './maintenance-windows.service';

/** Maintenance windows (P13): scheduled, announced, and kept off a platform while people work. */
@Module({
  imports: [SessionsModule],
  controllers: [MaintenanceWindowsController],
  providers: [MaintenanceCalendar, MaintenanceWindowsService, MaintenanceScheduler],
  exports: [MaintenanceCalendar],
})
export class MaintenanceModule {}
