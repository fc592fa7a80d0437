import { Controller } from '@nestjs/common';
import {
  DELETE_PHOTO,
  GET_PHOTO,
  MessageContext,
  PhotoDownload,
  PhotoView,
  STORE_PHOTO,
  StorePhotoRequest,
} from '@pt/contracts';
import { Handles, MsgCtx, MsgData } from '@pt/platform';
import { PhotosService } from './photos.service';

@Controller()
export class PhotosController {
  constructor(private readonly photos: PhotosService) {}

  @Handles(STORE_PHOTO)
  store(@MsgCtx() ctx: MessageContext, @MsgData() data: StorePhotoRequest): Promise<PhotoView> {
    return this.photos.store(ctx, data);
  }

  @Handles(GET_PHOTO)
  get(@MsgCtx() ctx: MessageContext, @MsgData() data: { pupilId: string }): Promise<PhotoDownload> {
    return this.photos.get(ctx, data.pupilId);
  }

  @Handles(DELETE_PHOTO)
  remove(@MsgCtx() ctx: MessageContext, @MsgData() data: { pupilId: string }): Promise<{ deleted: true }> {
    return this.photos.remove(ctx, data.pupilId);
  }
}
