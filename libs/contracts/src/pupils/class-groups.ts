import { FindIdsRequest, FoundIds } from '../ids';
import { definePattern } from '../pattern';
import { YearGroup } from './pupil';

/** A class or teaching group; teachers may be limited to some (their token's classGroupIds, P19). */
export interface ClassGroupView {
  id: string;
  name: string;
  yearGroup: YearGroup | null;
  pupilCount: number;
  version: number;
}

export interface CreateClassGroupRequest {
  name: string;
  yearGroup?: YearGroup | null;
}

export const CREATE_CLASS_GROUP = definePattern<CreateClassGroupRequest, ClassGroupView>(
  'pupil-records.class-group.create',
);
export const LIST_CLASS_GROUPS = definePattern<Record<string, never>, { items: ClassGroupView[] }>(
  'pupil-records.class-group.list',
);
export const DELETE_CLASS_GROUP = definePattern<{ classGroupId: string }, { deleted: true }>(
  'pupil-records.class-group.delete',
);
/** Which of these class groups the school in ctx has (asked by identity, as the system, before limiting a user to them). */
export const FIND_CLASS_GROUPS = definePattern<FindIdsRequest, FoundIds>('pupil-records.class-group.find');
