import { SetMetadata } from '@nestjs/common';
import { MaintenanceAccess } from '@pt/contracts';

export const MAINTENANCE_ACCESS = 'maintenanceAccess';

/**
 * P13: this route reads, as a read-only maintenance window sees it. Without it GET, HEAD
 * and OPTIONS read and every other method writes; a POST that changes no school's data
 * (a search, an export, signing out) is marked with this so it keeps working.
 */
export const MaintenanceRead = () => SetMetadata(MAINTENANCE_ACCESS, 'read' satisfies MaintenanceAccess);
