import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn } from 'class-validator';
import { CreateRoleRequest, SCHOOL_PERMISSIONS, SchoolPermission, RoleChanges } from '@pt/contracts';
import { IsRoleName, Present } from '../http/field-rules';

const NAME_RULE = 'must be 2-50 lower-case letters, digits or hyphens, starting with a letter';

export class CreateRoleDto implements CreateRoleRequest {
  @ApiProperty({ example: 'head-of-year', description: 'Unique in the school; not a built-in role name' })
  @IsRoleName({ message: NAME_RULE })
  name!: string;

  @ApiProperty({ enum: SCHOOL_PERMISSIONS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SCHOOL_PERMISSIONS.length)
  @IsIn(SCHOOL_PERMISSIONS, { each: true })
  permissions!: SchoolPermission[];
}

export class UpdateRoleDto implements RoleChanges {
  @ApiPropertyOptional({ description: "Renaming keeps the role's holders" })
  @Present()
  @IsRoleName({ message: NAME_RULE })
  name?: string;

  @ApiPropertyOptional({ enum: SCHOOL_PERMISSIONS, isArray: true })
  @Present()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SCHOOL_PERMISSIONS.length)
  @IsIn(SCHOOL_PERMISSIONS, { each: true })
  permissions?: SchoolPermission[];
}
