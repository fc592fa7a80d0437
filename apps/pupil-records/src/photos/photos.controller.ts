import { Controller } from '@nestjs/common';
import { DELETE_PHOTO, GET_PHOTO, PhotoDownload, PhotoView, STORE_PHOTO, StorePhotoRequest } from '@pt/contracts';
import { Access, Allow, Handles, MsgData, SchoolContext, SchoolCtx } from '@pt/platform';
import { PhotosService } from './photos.service';

@Controller()
export class PhotosController {
  constructor(private readonly photos: PhotosService) {}

  @Handles(STORE_PHOTO)
  @Access(Allow.school('pupils:write'))
  store(@SchoolCtx() ctx: SchoolContext, @MsgData() data: StorePhotoRequest): Promise<PhotoView> {
    return this.photos.store(ctx, data);
  }

  @Handles(GET_PHOTO)
  @Access(Allow.school('pupils:read'))
  get(@SchoolCtx() ctx: SchoolContext, @MsgData() data: { pupilId: string }): Promise<PhotoDownload> {
    return this.photos.get(ctx, data.pupilId);
  }

  @Handles(DELETE_PHOTO)
  @Access(Allow.school('pupils:write'))
  remove(@SchoolCtx() ctx: SchoolContext, @MsgData() data: { pupilId: string }): Promise<{ deleted: true }> {
    return this.photos.remove(ctx, data.pupilId);
  }
}
