import { Controller } from '@nestjs/common';
import {
  BEGIN_MAINTENANCE_WORK,
  BeginMaintenanceWorkRequest,
  CANCEL_MAINTENANCE_WINDOW,
  CREATE_MAINTENANCE_WINDOW,
  CreateMaintenanceWindowRequest,
  CURRENT_MAINTENANCE_WINDOWS,
  GET_MAINTENANCE_WINDOW,
  LIST_MAINTENANCE_SNAPSHOTS,
  LIST_MAINTENANCE_WINDOWS,
  MAINTENANCE_PREFLIGHT,
  MaintenanceCalendarEntry,
  MaintenancePreflight,
  MaintenanceSnapshotView,
  MaintenanceWindowPage,
  MaintenanceWindowView,
  MessageContext,
  UPDATE_MAINTENANCE_WINDOW,
  UpdateMaintenanceWindowRequest,
} from '@pt/contracts';
import { Handles, MsgCtx, MsgData } from '@pt/platform';
import { MaintenanceWindowsService } from './maintenance-windows.service';

@Controller()
export class MaintenanceWindowsController {
  constructor(private readonly windows: MaintenanceWindowsService) {}

  @Handles(CREATE_MAINTENANCE_WINDOW)
  create(
    @MsgCtx() ctx: MessageContext,
    @MsgData() data: CreateMaintenanceWindowRequest,
  ): Promise<MaintenanceWindowView> {
    return this.windows.create(ctx, data);
  }

  @Handles(LIST_MAINTENANCE_WINDOWS)
  list(
    @MsgCtx() ctx: MessageContext,
    @MsgData() data: { limit: number; cursor?: string },
  ): Promise<MaintenanceWindowPage> {
    return this.windows.list(ctx, data);
  }

  @Handles(GET_MAINTENANCE_WINDOW)
  get(@MsgCtx() ctx: MessageContext, @MsgData() data: { windowId: string }): Promise<MaintenanceWindowView> {
    return this.windows.get(ctx, data.windowId);
  }

  @Handles(UPDATE_MAINTENANCE_WINDOW)
  update(
    @MsgCtx() ctx: MessageContext,
    @MsgData() data: UpdateMaintenanceWindowRequest,
  ): Promise<MaintenanceWindowView> {
    return this.windows.update(ctx, data);
  }

  @Handles(CANCEL_MAINTENANCE_WINDOW)
  cancel(
    @MsgCtx() ctx: MessageContext,
    @MsgData() data: { windowId: string; expectedVersion: number | null },
  ): Promise<MaintenanceWindowView> {
    return this.windows.cancel(ctx, data);
  }

  @Handles(LIST_MAINTENANCE_SNAPSHOTS)
  snapshots(
    @MsgCtx() ctx: MessageContext,
    @MsgData() data: { windowId: string },
  ): Promise<{ items: MaintenanceSnapshotView[] }> {
    return this.windows.snapshots(ctx, data.windowId);
  }

  @Handles(MAINTENANCE_PREFLIGHT)
  preflight(@MsgCtx() ctx: MessageContext, @MsgData() data: { windowId: string }): Promise<MaintenancePreflight> {
    return this.windows.preflight(ctx, data.windowId);
  }

  @Handles(BEGIN_MAINTENANCE_WORK)
  beginWork(
    @MsgCtx() ctx: MessageContext,
    @MsgData() data: BeginMaintenanceWorkRequest,
  ): Promise<MaintenanceWindowView> {
    return this.windows.beginWork(ctx, data);
  }

  @Handles(CURRENT_MAINTENANCE_WINDOWS)
  current(): Promise<{ windows: MaintenanceCalendarEntry[] }> {
    return this.windows.current();
  }
}
