import { defineEvent } from '../events';
import { definePattern } from '../pattern';

/** The largest photograph accepted, in bytes (2 MB). */
export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;
export const PHOTO_CONTENT_TYPES = ['image/jpeg', 'image/png'] as const;
export type PhotoContentType = (typeof PHOTO_CONTENT_TYPES)[number];

/**
 * A photograph arrives through the file store (NATS messages are capped at 1 MB): the
 * gateway streams the upload into it and names the file here. pupil-records checks the
 * content (not the declared type), keeps the bytes and deletes the transit file.
 */
export interface StorePhotoRequest {
  pupilId: string;
  /** Name of the uploaded file in the file store. */
  fileName: string;
  /** The Content-Type the client declared; informative only, the content decides. */
  declaredType: string;
}

export interface PhotoView {
  pupilId: string;
  contentType: PhotoContentType;
  size: number;
  storedAt: string;
  storedBy: string | null;
}

/** A one-off copy of the photograph in the file store, for the gateway to stream and then delete. */
export interface PhotoDownload extends PhotoView {
  fileName: string;
}

export const STORE_PHOTO = definePattern<StorePhotoRequest, PhotoView>('pupil-records.photo.store');
export const GET_PHOTO = definePattern<{ pupilId: string }, PhotoDownload>('pupil-records.photo.get');
export const DELETE_PHOTO = definePattern<{ pupilId: string }, { deleted: true }>('pupil-records.photo.delete');

/** Ids only. */
export const PHOTO_STORED = defineEvent<{ pupilId: string }>('evt.pupil-records.photo.stored');
export const PHOTO_DELETED = defineEvent<{ pupilId: string }>('evt.pupil-records.photo.deleted');
