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
import { Access, Allow, Handles, MsgCtx, MsgData } from '@pt/platform';
import { MaintenanceWindowsService } from './maintenance-windows.service';

@Controller()
export class MaintenanceWindowsController {
  constructor(private readonly windows: MaintenanceWindowsService) {}

  @Handles(CREATE_MAINTENANCE_WINDOW)
  @Access(Allow.platform('ops:maintenance'))
  create(
    @MsgCtx() ctx: MessageContext,
    @MsgData() data: CreateMaintenanceWindowRequest,
  ): Promise<MaintenanceWindowView> {
    return this.windows.create(ctx, data);
  }

  @Handles(LIST_MAINTENANCE_WINDOWS)
  @Access(Allow.platform('ops:maintenance'))
  list(@MsgData() data: { limit: number; cursor?: string }): Promise<MaintenanceWindowPage> {
    return this.windows.list(data);
  }

  @Handles(GET_MAINTENANCE_WINDOW)
  @Access(Allow.platform('ops:maintenance'))
  get(@MsgData() data: { windowId: string }): Promise<MaintenanceWindowView> {
    return this.windows.get(data.windowId);
  }

  @Handles(UPDATE_MAINTENANCE_WINDOW)
  @Access(Allow.platform('ops:maintenance'))
  update(
    @MsgCtx() ctx: MessageContext,
    @MsgData() data: UpdateMaintenanceWindowRequest,
  ): Promise<MaintenanceWindowView> {
    return this.windows.update(ctx, data);
  }

  @Handles(CANCEL_MAINTENANCE_WINDOW)
  @Access(Allow.platform('ops:maintenance'))
  cancel(
    @MsgCtx() ctx: MessageContext,
    @MsgData() data: { windowId: string; expectedVersion: number | null },
  ): Promise<MaintenanceWindowView> {
    return this.windows.cancel(ctx, data);
  }

  @Handles(LIST_MAINTENANCE_SNAPSHOTS)
  @Access(Allow.platform('ops:maintenance'))
  snapshots(@MsgData() data: { windowId: string }): Promise<{ items: MaintenanceSnapshotView[] }> {
    return this.windows.snapshots(data.windowId);
  }

  @Handles(MAINTENANCE_PREFLIGHT)
  @Access(Allow.platform('ops:maintenance'))
  preflight(@MsgData() data: { windowId: string }): Promise<MaintenancePreflight> {
    return this.windows.preflight(data.windowId);
  }

  @Handles(BEGIN_MAINTENANCE_WORK)
  @Access(Allow.platform('ops:maintenance'))
  beginWork(
    @MsgCtx() ctx: MessageContext,
    @MsgData() data: BeginMaintenanceWorkRequest,
  ): Promise<MaintenanceWindowView> {
    return this.windows.beginWork(ctx, data);
  }

  @Handles(CURRENT_MAINTENANCE_WINDOWS)
  @Access(Allow.system())
  current(): Promise<{ windows: MaintenanceCalendarEntry[] }> {
    return this.windows.current();
  }
}
