; ModuleID = 'sinter_k_96f3d6b8a5c66016'
source_filename = "sinter_k_96f3d6b8a5c66016"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; Function Attrs: alwaysinline nounwind
define internal void @body(i64 %0, i64 %1, ptr noalias nocapture %2, ptr noalias nocapture %3, ptr noalias %4, i64 %5) #0 {
entry:
  %arg_block = alloca float, i64 512, align 4
  %6 = getelementptr inbounds i8, ptr %4, i64 0
  %7 = load float, ptr %6, align 4
  %8 = getelementptr inbounds i8, ptr %4, i64 8
  %9 = load i64, ptr %8, align 8
  %10 = icmp slt i64 %0, %1
  br i1 %10, label %block, label %exit

block:                                            ; preds = %arg_merged, %entry
  %first = phi i64 [ %0, %entry ], [ %12, %arg_merged ]
  %acc = phi float [ %7, %entry ], [ %arg.value, %arg_merged ]
  %acc.position = phi i64 [ %9, %entry ], [ %arg.position, %arg_merged ]
  %11 = add i64 %first, 512
  %12 = call i64 @llvm.smin.i64(i64 %1, i64 %11)
  br label %element

element:                                          ; preds = %element, %block
  %i = phi i64 [ %first, %block ], [ %i.next, %element ]
  %acc1 = phi float [ 0xFFF0000000000000, %block ], [ %18, %element ]
  %13 = getelementptr inbounds float, ptr %2, i64 %i
  %14 = load float, ptr %13, align 4
  %15 = sub i64 %i, %5
  %16 = sub i64 %i, %first
  %17 = getelementptr inbounds float, ptr %arg_block, i64 %16
  store float %14, ptr %17, align 4
  %18 = call float @llvm.maximum.f32(float %acc1, float %14)
  %i.next = add nuw nsw i64 %i, 1
  %19 = icmp slt i64 %i.next, %12
  br i1 %19, label %element, label %block_done, !llvm.loop !0

block_done:                                       ; preds = %element
  %20 = fcmp uno float %acc, %acc
  %21 = fcmp uno float %18, %18
  %22 = fcmp ogt float %18, %acc
  %23 = xor i1 %20, true
  %24 = and i1 %23, %22
  %25 = xor i1 %20, true
  %26 = and i1 %21, %25
  %27 = or i1 %26, %24
  %28 = icmp slt i64 %acc.position, 0
  %29 = or i1 %28, %27
  br i1 %29, label %arg_scan, label %arg_merged

exit:                                             ; preds = %arg_merged, %entry
  %30 = phi float [ %7, %entry ], [ %arg.value, %arg_merged ]
  %31 = phi i64 [ %9, %entry ], [ %arg.position, %arg_merged ]
  %32 = getelementptr inbounds i8, ptr %4, i64 0
  store float %30, ptr %32, align 4
  %33 = getelementptr inbounds i8, ptr %4, i64 8
  store i64 %31, ptr %33, align 8
  ret void

arg_scan:                                         ; preds = %arg_scan, %block_done
  %j = phi i64 [ 0, %block_done ], [ %41, %arg_scan ]
  %34 = getelementptr inbounds float, ptr %arg_block, i64 %j
  %35 = load float, ptr %34, align 4
  %36 = fcmp uno float %18, %18
  %37 = fcmp uno float %35, %35
  %38 = and i1 %37, %36
  %39 = fcmp oeq float %35, %18
  %40 = or i1 %39, %38
  %41 = add i64 %j, 1
  %42 = sub i64 %12, %first
  %43 = icmp sge i64 %41, %42
  %44 = or i1 %40, %43
  br i1 %44, label %arg_found, label %arg_scan

arg_found:                                        ; preds = %arg_scan
  %45 = add i64 %first, %j
  %46 = sub i64 %45, %5
  br label %arg_merged

arg_merged:                                       ; preds = %arg_found, %block_done
  %arg.value = phi float [ %acc, %block_done ], [ %35, %arg_found ]
  %arg.position = phi i64 [ %acc.position, %block_done ], [ %46, %arg_found ]
  %47 = icmp slt i64 %12, %1
  br i1 %47, label %block, label %exit
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare i64 @llvm.smin.i64(i64, i64) #1

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare float @llvm.maximum.f32(float, float) #1

; Function Attrs: noinline nounwind
define internal i1 @short_walk(i64 %0, i64 %1, i64 %2, ptr noalias nocapture %3, ptr noalias nocapture %4) #2 {
entry:
  %short_row_first48 = alloca i64, align 8
  %short_column49 = alloca i64, align 8
  %short_acc = alloca [128 x float], align 4
  %short_at = alloca [128 x i64], align 8
  %short_row_first30 = alloca i64, align 8
  %short_column31 = alloca i64, align 8
  %short_row_first16 = alloca i64, align 8
  %short_column17 = alloca i64, align 8
  %short_row_first3 = alloca i64, align 8
  %short_column4 = alloca i64, align 8
  %short_row_first = alloca i64, align 8
  %short_column = alloca i64, align 8
  %5 = icmp slt i64 %0, %1
  br i1 %5, label %walk, label %done

done:                                             ; preds = %short_row_done, %short_unrolled_done37, %short_unrolled_done23, %short_unrolled_done10, %short_unrolled_done, %entry
  ret i1 true

not_taken:                                        ; preds = %short_other
  ret i1 false

walk:                                             ; preds = %entry
  switch i64 %2, label %short_other [
    i64 2, label %short_2
    i64 3, label %short_3
    i64 4, label %short_4
    i64 8, label %short_8
  ]

short_other:                                      ; preds = %walk
  %6 = icmp sle i64 %2, 32
  br i1 %6, label %short_blocks, label %not_taken

short_2:                                          ; preds = %walk
  %7 = sub i64 %0, %0
  store i64 %7, ptr %short_row_first, align 8
  store i64 %0, ptr %short_column, align 8
  br label %short_row

short_row:                                        ; preds = %short_2
  %first = load i64, ptr %short_row_first, align 8
  %k0 = load i64, ptr %short_column, align 8
  %8 = sub i64 %1, %first
  %stop = call i64 @llvm.smin.i64(i64 %1, i64 %8)
  %9 = icmp slt i64 %k0, %stop
  br i1 %9, label %short_unrolled, label %short_unrolled_done

short_unrolled:                                   ; preds = %short_unrolled, %short_row
  %short_unrolled1 = phi i64 [ %k0, %short_row ], [ %37, %short_unrolled ]
  %o = add i64 %first, %short_unrolled1
  %10 = mul i64 %o, 2
  %i = add i64 %10, 0
  %11 = getelementptr inbounds float, ptr %3, i64 %i
  %12 = load float, ptr %11, align 4
  %13 = fcmp uno float %12, %12
  %14 = fcmp ogt float %12, 0xFFF0000000000000
  %15 = and i1 true, %14
  %16 = and i1 %13, true
  %17 = or i1 %16, %15
  %18 = or i1 true, %17
  %19 = select i1 %18, float %12, float 0xFFF0000000000000
  %20 = select i1 %18, i64 0, i64 -1
  %21 = mul i64 %o, 2
  %i2 = add i64 %21, 1
  %22 = getelementptr inbounds float, ptr %3, i64 %i2
  %23 = load float, ptr %22, align 4
  %24 = fcmp uno float %19, %19
  %25 = fcmp uno float %23, %23
  %26 = fcmp ogt float %23, %19
  %27 = xor i1 %24, true
  %28 = and i1 %27, %26
  %29 = xor i1 %24, true
  %30 = and i1 %25, %29
  %31 = or i1 %30, %28
  %32 = icmp slt i64 %20, 0
  %33 = or i1 %32, %31
  %34 = select i1 %33, float %23, float %19
  %35 = select i1 %33, i64 1, i64 %20
  %36 = getelementptr inbounds i64, ptr %4, i64 %o
  store i64 %35, ptr %36, align 8
  %37 = add nuw nsw i64 %short_unrolled1, 1
  %38 = icmp slt i64 %37, %stop
  br i1 %38, label %short_unrolled, label %short_unrolled_done, !llvm.loop !1

short_unrolled_done:                              ; preds = %short_unrolled, %short_row
  %39 = add i64 %first, %1
  store i64 %39, ptr %short_row_first, align 8
  store i64 0, ptr %short_column, align 8
  br label %done

short_3:                                          ; preds = %walk
  %40 = sub i64 %0, %0
  store i64 %40, ptr %short_row_first3, align 8
  store i64 %0, ptr %short_column4, align 8
  br label %short_row5

short_row5:                                       ; preds = %short_3
  %first6 = load i64, ptr %short_row_first3, align 8
  %k07 = load i64, ptr %short_column4, align 8
  %41 = sub i64 %1, %first6
  %stop8 = call i64 @llvm.smin.i64(i64 %1, i64 %41)
  %42 = icmp slt i64 %k07, %stop8
  br i1 %42, label %short_unrolled9, label %short_unrolled_done10

short_unrolled9:                                  ; preds = %short_unrolled9, %short_row5
  %short_unrolled11 = phi i64 [ %k07, %short_row5 ], [ %85, %short_unrolled9 ]
  %o12 = add i64 %first6, %short_unrolled11
  %43 = mul i64 %o12, 3
  %i13 = add i64 %43, 0
  %44 = getelementptr inbounds float, ptr %3, i64 %i13
  %45 = load float, ptr %44, align 4
  %46 = fcmp uno float %45, %45
  %47 = fcmp ogt float %45, 0xFFF0000000000000
  %48 = and i1 true, %47
  %49 = and i1 %46, true
  %50 = or i1 %49, %48
  %51 = or i1 true, %50
  %52 = select i1 %51, float %45, float 0xFFF0000000000000
  %53 = select i1 %51, i64 0, i64 -1
  %54 = mul i64 %o12, 3
  %i14 = add i64 %54, 1
  %55 = getelementptr inbounds float, ptr %3, i64 %i14
  %56 = load float, ptr %55, align 4
  %57 = fcmp uno float %52, %52
  %58 = fcmp uno float %56, %56
  %59 = fcmp ogt float %56, %52
  %60 = xor i1 %57, true
  %61 = and i1 %60, %59
  %62 = xor i1 %57, true
  %63 = and i1 %58, %62
  %64 = or i1 %63, %61
  %65 = icmp slt i64 %53, 0
  %66 = or i1 %65, %64
  %67 = select i1 %66, float %56, float %52
  %68 = select i1 %66, i64 1, i64 %53
  %69 = mul i64 %o12, 3
  %i15 = add i64 %69, 2
  %70 = getelementptr inbounds float, ptr %3, i64 %i15
  %71 = load float, ptr %70, align 4
  %72 = fcmp uno float %67, %67
  %73 = fcmp uno float %71, %71
  %74 = fcmp ogt float %71, %67
  %75 = xor i1 %72, true
  %76 = and i1 %75, %74
  %77 = xor i1 %72, true
  %78 = and i1 %73, %77
  %79 = or i1 %78, %76
  %80 = icmp slt i64 %68, 0
  %81 = or i1 %80, %79
  %82 = select i1 %81, float %71, float %67
  %83 = select i1 %81, i64 2, i64 %68
  %84 = getelementptr inbounds i64, ptr %4, i64 %o12
  store i64 %83, ptr %84, align 8
  %85 = add nuw nsw i64 %short_unrolled11, 1
  %86 = icmp slt i64 %85, %stop8
  br i1 %86, label %short_unrolled9, label %short_unrolled_done10, !llvm.loop !3

short_unrolled_done10:                            ; preds = %short_unrolled9, %short_row5
  %87 = add i64 %first6, %1
  store i64 %87, ptr %short_row_first3, align 8
  store i64 0, ptr %short_column4, align 8
  br label %done

short_4:                                          ; preds = %walk
  %88 = sub i64 %0, %0
  store i64 %88, ptr %short_row_first16, align 8
  store i64 %0, ptr %short_column17, align 8
  br label %short_row18

short_row18:                                      ; preds = %short_4
  %first19 = load i64, ptr %short_row_first16, align 8
  %k020 = load i64, ptr %short_column17, align 8
  %89 = sub i64 %1, %first19
  %stop21 = call i64 @llvm.smin.i64(i64 %1, i64 %89)
  %90 = icmp slt i64 %k020, %stop21
  br i1 %90, label %short_unrolled22, label %short_unrolled_done23

short_unrolled22:                                 ; preds = %short_unrolled22, %short_row18
  %short_unrolled24 = phi i64 [ %k020, %short_row18 ], [ %148, %short_unrolled22 ]
  %o25 = add i64 %first19, %short_unrolled24
  %91 = mul i64 %o25, 4
  %i26 = add i64 %91, 0
  %92 = getelementptr inbounds float, ptr %3, i64 %i26
  %93 = load float, ptr %92, align 4
  %94 = fcmp uno float %93, %93
  %95 = fcmp ogt float %93, 0xFFF0000000000000
  %96 = and i1 true, %95
  %97 = and i1 %94, true
  %98 = or i1 %97, %96
  %99 = or i1 true, %98
  %100 = select i1 %99, float %93, float 0xFFF0000000000000
  %101 = select i1 %99, i64 0, i64 -1
  %102 = mul i64 %o25, 4
  %i27 = add i64 %102, 1
  %103 = getelementptr inbounds float, ptr %3, i64 %i27
  %104 = load float, ptr %103, align 4
  %105 = fcmp uno float %100, %100
  %106 = fcmp uno float %104, %104
  %107 = fcmp ogt float %104, %100
  %108 = xor i1 %105, true
  %109 = and i1 %108, %107
  %110 = xor i1 %105, true
  %111 = and i1 %106, %110
  %112 = or i1 %111, %109
  %113 = icmp slt i64 %101, 0
  %114 = or i1 %113, %112
  %115 = select i1 %114, float %104, float %100
  %116 = select i1 %114, i64 1, i64 %101
  %117 = mul i64 %o25, 4
  %i28 = add i64 %117, 2
  %118 = getelementptr inbounds float, ptr %3, i64 %i28
  %119 = load float, ptr %118, align 4
  %120 = fcmp uno float %115, %115
  %121 = fcmp uno float %119, %119
  %122 = fcmp ogt float %119, %115
  %123 = xor i1 %120, true
  %124 = and i1 %123, %122
  %125 = xor i1 %120, true
  %126 = and i1 %121, %125
  %127 = or i1 %126, %124
  %128 = icmp slt i64 %116, 0
  %129 = or i1 %128, %127
  %130 = select i1 %129, float %119, float %115
  %131 = select i1 %129, i64 2, i64 %116
  %132 = mul i64 %o25, 4
  %i29 = add i64 %132, 3
  %133 = getelementptr inbounds float, ptr %3, i64 %i29
  %134 = load float, ptr %133, align 4
  %135 = fcmp uno float %130, %130
  %136 = fcmp uno float %134, %134
  %137 = fcmp ogt float %134, %130
  %138 = xor i1 %135, true
  %139 = and i1 %138, %137
  %140 = xor i1 %135, true
  %141 = and i1 %136, %140
  %142 = or i1 %141, %139
  %143 = icmp slt i64 %131, 0
  %144 = or i1 %143, %142
  %145 = select i1 %144, float %134, float %130
  %146 = select i1 %144, i64 3, i64 %131
  %147 = getelementptr inbounds i64, ptr %4, i64 %o25
  store i64 %146, ptr %147, align 8
  %148 = add nuw nsw i64 %short_unrolled24, 1
  %149 = icmp slt i64 %148, %stop21
  br i1 %149, label %short_unrolled22, label %short_unrolled_done23, !llvm.loop !4

short_unrolled_done23:                            ; preds = %short_unrolled22, %short_row18
  %150 = add i64 %first19, %1
  store i64 %150, ptr %short_row_first16, align 8
  store i64 0, ptr %short_column17, align 8
  br label %done

short_8:                                          ; preds = %walk
  %151 = sub i64 %0, %0
  store i64 %151, ptr %short_row_first30, align 8
  store i64 %0, ptr %short_column31, align 8
  br label %short_row32

short_row32:                                      ; preds = %short_8
  %first33 = load i64, ptr %short_row_first30, align 8
  %k034 = load i64, ptr %short_column31, align 8
  %152 = sub i64 %1, %first33
  %stop35 = call i64 @llvm.smin.i64(i64 %1, i64 %152)
  %153 = icmp slt i64 %k034, %stop35
  br i1 %153, label %short_unrolled36, label %short_unrolled_done37

short_unrolled36:                                 ; preds = %short_unrolled36, %short_row32
  %short_unrolled38 = phi i64 [ %k034, %short_row32 ], [ %271, %short_unrolled36 ]
  %o39 = add i64 %first33, %short_unrolled38
  %154 = mul i64 %o39, 8
  %i40 = add i64 %154, 0
  %155 = getelementptr inbounds float, ptr %3, i64 %i40
  %156 = load float, ptr %155, align 4
  %157 = fcmp uno float %156, %156
  %158 = fcmp ogt float %156, 0xFFF0000000000000
  %159 = and i1 true, %158
  %160 = and i1 %157, true
  %161 = or i1 %160, %159
  %162 = or i1 true, %161
  %163 = select i1 %162, float %156, float 0xFFF0000000000000
  %164 = select i1 %162, i64 0, i64 -1
  %165 = mul i64 %o39, 8
  %i41 = add i64 %165, 1
  %166 = getelementptr inbounds float, ptr %3, i64 %i41
  %167 = load float, ptr %166, align 4
  %168 = fcmp uno float %163, %163
  %169 = fcmp uno float %167, %167
  %170 = fcmp ogt float %167, %163
  %171 = xor i1 %168, true
  %172 = and i1 %171, %170
  %173 = xor i1 %168, true
  %174 = and i1 %169, %173
  %175 = or i1 %174, %172
  %176 = icmp slt i64 %164, 0
  %177 = or i1 %176, %175
  %178 = select i1 %177, float %167, float %163
  %179 = select i1 %177, i64 1, i64 %164
  %180 = mul i64 %o39, 8
  %i42 = add i64 %180, 2
  %181 = getelementptr inbounds float, ptr %3, i64 %i42
  %182 = load float, ptr %181, align 4
  %183 = fcmp uno float %178, %178
  %184 = fcmp uno float %182, %182
  %185 = fcmp ogt float %182, %178
  %186 = xor i1 %183, true
  %187 = and i1 %186, %185
  %188 = xor i1 %183, true
  %189 = and i1 %184, %188
  %190 = or i1 %189, %187
  %191 = icmp slt i64 %179, 0
  %192 = or i1 %191, %190
  %193 = select i1 %192, float %182, float %178
  %194 = select i1 %192, i64 2, i64 %179
  %195 = mul i64 %o39, 8
  %i43 = add i64 %195, 3
  %196 = getelementptr inbounds float, ptr %3, i64 %i43
  %197 = load float, ptr %196, align 4
  %198 = fcmp uno float %193, %193
  %199 = fcmp uno float %197, %197
  %200 = fcmp ogt float %197, %193
  %201 = xor i1 %198, true
  %202 = and i1 %201, %200
  %203 = xor i1 %198, true
  %204 = and i1 %199, %203
  %205 = or i1 %204, %202
  %206 = icmp slt i64 %194, 0
  %207 = or i1 %206, %205
  %208 = select i1 %207, float %197, float %193
  %209 = select i1 %207, i64 3, i64 %194
  %210 = mul i64 %o39, 8
  %i44 = add i64 %210, 4
  %211 = getelementptr inbounds float, ptr %3, i64 %i44
  %212 = load float, ptr %211, align 4
  %213 = fcmp uno float %208, %208
  %214 = fcmp uno float %212, %212
  %215 = fcmp ogt float %212, %208
  %216 = xor i1 %213, true
  %217 = and i1 %216, %215
  %218 = xor i1 %213, true
  %219 = and i1 %214, %218
  %220 = or i1 %219, %217
  %221 = icmp slt i64 %209, 0
  %222 = or i1 %221, %220
  %223 = select i1 %222, float %212, float %208
  %224 = select i1 %222, i64 4, i64 %209
  %225 = mul i64 %o39, 8
  %i45 = add i64 %225, 5
  %226 = getelementptr inbounds float, ptr %3, i64 %i45
  %227 = load float, ptr %226, align 4
  %228 = fcmp uno float %223, %223
  %229 = fcmp uno float %227, %227
  %230 = fcmp ogt float %227, %223
  %231 = xor i1 %228, true
  %232 = and i1 %231, %230
  %233 = xor i1 %228, true
  %234 = and i1 %229, %233
  %235 = or i1 %234, %232
  %236 = icmp slt i64 %224, 0
  %237 = or i1 %236, %235
  %238 = select i1 %237, float %227, float %223
  %239 = select i1 %237, i64 5, i64 %224
  %240 = mul i64 %o39, 8
  %i46 = add i64 %240, 6
  %241 = getelementptr inbounds float, ptr %3, i64 %i46
  %242 = load float, ptr %241, align 4
  %243 = fcmp uno float %238, %238
  %244 = fcmp uno float %242, %242
  %245 = fcmp ogt float %242, %238
  %246 = xor i1 %243, true
  %247 = and i1 %246, %245
  %248 = xor i1 %243, true
  %249 = and i1 %244, %248
  %250 = or i1 %249, %247
  %251 = icmp slt i64 %239, 0
  %252 = or i1 %251, %250
  %253 = select i1 %252, float %242, float %238
  %254 = select i1 %252, i64 6, i64 %239
  %255 = mul i64 %o39, 8
  %i47 = add i64 %255, 7
  %256 = getelementptr inbounds float, ptr %3, i64 %i47
  %257 = load float, ptr %256, align 4
  %258 = fcmp uno float %253, %253
  %259 = fcmp uno float %257, %257
  %260 = fcmp ogt float %257, %253
  %261 = xor i1 %258, true
  %262 = and i1 %261, %260
  %263 = xor i1 %258, true
  %264 = and i1 %259, %263
  %265 = or i1 %264, %262
  %266 = icmp slt i64 %254, 0
  %267 = or i1 %266, %265
  %268 = select i1 %267, float %257, float %253
  %269 = select i1 %267, i64 7, i64 %254
  %270 = getelementptr inbounds i64, ptr %4, i64 %o39
  store i64 %269, ptr %270, align 8
  %271 = add nuw nsw i64 %short_unrolled38, 1
  %272 = icmp slt i64 %271, %stop35
  br i1 %272, label %short_unrolled36, label %short_unrolled_done37, !llvm.loop !5

short_unrolled_done37:                            ; preds = %short_unrolled36, %short_row32
  %273 = add i64 %first33, %1
  store i64 %273, ptr %short_row_first30, align 8
  store i64 0, ptr %short_column31, align 8
  br label %done

short_blocks:                                     ; preds = %short_other
  %274 = sub i64 %0, %0
  store i64 %274, ptr %short_row_first48, align 8
  store i64 %0, ptr %short_column49, align 8
  br label %short_row50

short_row50:                                      ; preds = %short_blocks
  %first51 = load i64, ptr %short_row_first48, align 8
  %k052 = load i64, ptr %short_column49, align 8
  %275 = sub i64 %1, %first51
  %stop53 = call i64 @llvm.smin.i64(i64 %1, i64 %275)
  br label %short_block

short_block:                                      ; preds = %short_finish_done, %short_row50
  %kb = phi i64 [ %k052, %short_row50 ], [ %323, %short_finish_done ]
  %276 = add i64 %kb, 128
  %277 = call i64 @llvm.smin.i64(i64 %276, i64 %stop53)
  %278 = icmp slt i64 %kb, %277
  br i1 %278, label %short_init, label %short_init_done

short_row_done:                                   ; preds = %short_finish_done
  %279 = add i64 %first51, %1
  store i64 %279, ptr %short_row_first48, align 8
  store i64 0, ptr %short_column49, align 8
  br label %done

short_init:                                       ; preds = %short_init, %short_block
  %short_init54 = phi i64 [ %kb, %short_block ], [ %283, %short_init ]
  %280 = sub i64 %short_init54, %kb
  %281 = getelementptr inbounds float, ptr %short_acc, i64 %280
  store float 0xFFF0000000000000, ptr %281, align 4
  %282 = getelementptr inbounds i64, ptr %short_at, i64 %280
  store i64 -1, ptr %282, align 8
  %283 = add nuw nsw i64 %short_init54, 1
  %284 = icmp slt i64 %283, %277
  br i1 %284, label %short_init, label %short_init_done, !llvm.loop !6

short_init_done:                                  ; preds = %short_init, %short_block
  %285 = icmp slt i64 0, %2
  br i1 %285, label %short_r, label %short_r_done

short_r:                                          ; preds = %short_fold_done, %short_init_done
  %short_r55 = phi i64 [ 0, %short_init_done ], [ %313, %short_fold_done ]
  %286 = icmp slt i64 %kb, %277
  br i1 %286, label %short_fold, label %short_fold_done

short_r_done:                                     ; preds = %short_fold_done, %short_init_done
  %287 = icmp slt i64 %kb, %277
  br i1 %287, label %short_finish, label %short_finish_done

short_fold:                                       ; preds = %short_fold, %short_r
  %short_fold56 = phi i64 [ %kb, %short_r ], [ %311, %short_fold ]
  %288 = sub i64 %short_fold56, %kb
  %289 = getelementptr inbounds float, ptr %short_acc, i64 %288
  %290 = load float, ptr %289, align 4
  %291 = getelementptr inbounds i64, ptr %short_at, i64 %288
  %292 = load i64, ptr %291, align 8
  %293 = add i64 %first51, %short_fold56
  %294 = mul i64 %293, %2
  %i57 = add i64 %294, %short_r55
  %295 = getelementptr inbounds float, ptr %3, i64 %i57
  %296 = load float, ptr %295, align 4
  %297 = fcmp uno float %290, %290
  %298 = fcmp uno float %296, %296
  %299 = fcmp ogt float %296, %290
  %300 = xor i1 %297, true
  %301 = and i1 %300, %299
  %302 = xor i1 %297, true
  %303 = and i1 %298, %302
  %304 = or i1 %303, %301
  %305 = icmp slt i64 %292, 0
  %306 = or i1 %305, %304
  %307 = select i1 %306, float %296, float %290
  %308 = select i1 %306, i64 %short_r55, i64 %292
  %309 = getelementptr inbounds float, ptr %short_acc, i64 %288
  store float %307, ptr %309, align 4
  %310 = getelementptr inbounds i64, ptr %short_at, i64 %288
  store i64 %308, ptr %310, align 8
  %311 = add nuw nsw i64 %short_fold56, 1
  %312 = icmp slt i64 %311, %277
  br i1 %312, label %short_fold, label %short_fold_done, !llvm.loop !8

short_fold_done:                                  ; preds = %short_fold, %short_r
  %313 = add nuw nsw i64 %short_r55, 1
  %314 = icmp slt i64 %313, %2
  br i1 %314, label %short_r, label %short_r_done, !llvm.loop !9

short_finish:                                     ; preds = %short_finish, %short_r_done
  %short_finish58 = phi i64 [ %kb, %short_r_done ], [ %321, %short_finish ]
  %315 = sub i64 %short_finish58, %kb
  %o59 = add i64 %first51, %short_finish58
  %316 = getelementptr inbounds i64, ptr %short_at, i64 %315
  %317 = load i64, ptr %316, align 8
  %318 = getelementptr inbounds float, ptr %short_acc, i64 %315
  %319 = load float, ptr %318, align 4
  %320 = getelementptr inbounds i64, ptr %4, i64 %o59
  store i64 %317, ptr %320, align 8
  %321 = add nuw nsw i64 %short_finish58, 1
  %322 = icmp slt i64 %321, %277
  br i1 %322, label %short_finish, label %short_finish_done, !llvm.loop !10

short_finish_done:                                ; preds = %short_finish, %short_r_done
  %323 = add i64 %kb, 128
  %324 = icmp slt i64 %323, %stop53
  br i1 %324, label %short_block, label %short_row_done
}

; Function Attrs: nounwind
define void @sinter_k_96f3d6b8a5c66016(i64 %0, i64 %1, ptr %2, ptr %3, ptr %4) #3 {
entry:
  %5 = getelementptr inbounds ptr, ptr %2, i64 0
  %6 = load ptr, ptr %5, align 8
  %7 = getelementptr inbounds ptr, ptr %2, i64 1
  %8 = load ptr, ptr %7, align 8
  %9 = getelementptr inbounds i64, ptr %4, i64 0
  %10 = load i64, ptr %9, align 8
  %11 = getelementptr inbounds i64, ptr %4, i64 1
  %12 = load i64, ptr %11, align 8
  %13 = getelementptr inbounds i64, ptr %4, i64 2
  %14 = load i64, ptr %13, align 8
  %15 = getelementptr inbounds i64, ptr %4, i64 3
  %16 = load ptr, ptr %15, align 8
  %17 = getelementptr inbounds i64, ptr %4, i64 4
  %18 = load i64, ptr %17, align 8
  %19 = getelementptr inbounds i64, ptr %4, i64 5
  %20 = load i64, ptr %19, align 8
  %acc = alloca [16 x i8], align 16
  %21 = sub i64 %1, %0
  %22 = icmp eq i64 %14, %10
  %23 = icmp eq i64 %12, 0
  %24 = and i1 %23, %22
  %25 = icmp sle i64 %10, 32
  %26 = icmp eq i64 %18, 0
  %27 = and i1 %26, %24
  %28 = and i1 %27, %25
  br i1 %28, label %short_walk, label %per_output

output:                                           ; preds = %next_output, %per_output
  %o = phi i64 [ %0, %per_output ], [ %73, %next_output ]
  %29 = sub i64 %o, %0
  %30 = getelementptr inbounds i8, ptr %acc, i64 0
  store float 0xFFF0000000000000, ptr %30, align 4
  %31 = getelementptr inbounds i8, ptr %acc, i64 8
  store i64 -1, ptr %31, align 8
  %32 = icmp eq i64 %18, 2
  br i1 %32, label %combine, label %run

run:                                              ; preds = %output
  %33 = mul i64 %o, %10
  %34 = add i64 %33, %12
  %35 = add i64 %33, %14
  call void @body(i64 %34, i64 %35, ptr %6, ptr %8, ptr %acc, i64 %33)
  br label %after_run

combine:                                          ; preds = %output
  %36 = icmp sgt i64 %20, 0
  br i1 %36, label %combine_part, label %finish

combine_part:                                     ; preds = %combine_part, %combine
  %part = phi i64 [ 0, %combine ], [ %63, %combine_part ]
  %37 = mul i64 %part, %21
  %38 = add i64 %37, %29
  %39 = mul i64 %38, 16
  %40 = getelementptr inbounds i8, ptr %16, i64 %39
  %41 = getelementptr inbounds i8, ptr %acc, i64 0
  %42 = load float, ptr %41, align 4
  %43 = getelementptr inbounds i8, ptr %acc, i64 8
  %44 = load i64, ptr %43, align 8
  %45 = getelementptr inbounds i8, ptr %40, i64 0
  %46 = load float, ptr %45, align 4
  %47 = getelementptr inbounds i8, ptr %40, i64 8
  %48 = load i64, ptr %47, align 8
  %49 = fcmp uno float %42, %42
  %50 = fcmp uno float %46, %46
  %51 = fcmp ogt float %46, %42
  %52 = xor i1 %49, true
  %53 = and i1 %52, %51
  %54 = xor i1 %49, true
  %55 = and i1 %50, %54
  %56 = or i1 %55, %53
  %57 = icmp slt i64 %44, 0
  %58 = or i1 %57, %56
  %59 = select i1 %58, float %46, float %42
  %60 = select i1 %58, i64 %48, i64 %44
  %61 = getelementptr inbounds i8, ptr %acc, i64 0
  store float %59, ptr %61, align 4
  %62 = getelementptr inbounds i8, ptr %acc, i64 8
  store i64 %60, ptr %62, align 8
  %63 = add i64 %part, 1
  %64 = icmp slt i64 %63, %20
  br i1 %64, label %combine_part, label %finish

after_run:                                        ; preds = %run
  %65 = icmp eq i64 %18, 1
  br i1 %65, label %write_partial, label %finish

write_partial:                                    ; preds = %after_run
  %66 = mul i64 %29, 16
  %67 = getelementptr inbounds i8, ptr %16, i64 %66
  call void @llvm.memcpy.p0.p0.i64(ptr align 8 %67, ptr align 16 %acc, i64 16, i1 false)
  br label %next_output

finish:                                           ; preds = %combine_part, %combine, %after_run
  %68 = getelementptr inbounds i8, ptr %acc, i64 0
  %69 = load float, ptr %68, align 4
  %70 = getelementptr inbounds i8, ptr %acc, i64 8
  %71 = load i64, ptr %70, align 8
  %72 = getelementptr inbounds i64, ptr %8, i64 %o
  store i64 %71, ptr %72, align 8
  br label %next_output

next_output:                                      ; preds = %finish, %write_partial
  %73 = add i64 %o, 1
  %74 = icmp slt i64 %73, %1
  br i1 %74, label %output, label %exit

exit:                                             ; preds = %next_output, %per_output, %short_walk
  ret void

short_walk:                                       ; preds = %entry
  %75 = call i1 @short_walk(i64 %0, i64 %1, i64 %10, ptr %6, ptr %8)
  br i1 %75, label %exit, label %per_output

per_output:                                       ; preds = %short_walk, %entry
  %76 = icmp slt i64 %0, %1
  br i1 %76, label %output, label %exit
}

; Function Attrs: nocallback nofree nounwind willreturn memory(argmem: readwrite)
declare void @llvm.memcpy.p0.p0.i64(ptr noalias nocapture writeonly, ptr noalias nocapture readonly, i64, i1 immarg) #4

attributes #0 = { alwaysinline nounwind }
attributes #1 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }
attributes #2 = { noinline nounwind }
attributes #3 = { nounwind }
attributes #4 = { nocallback nofree nounwind willreturn memory(argmem: readwrite) }

!0 = distinct !{!0}
!1 = distinct !{!1, !2}
!2 = !{!"llvm.loop.interleave.count", i32 1}
!3 = distinct !{!3, !2}
!4 = distinct !{!4, !2}
!5 = distinct !{!5, !2}
!6 = distinct !{!6, !2, !7}
!7 = !{!"llvm.loop.vectorize.enable", i32 0}
!8 = distinct !{!8, !2, !7}
!9 = distinct !{!9, !2, !7}
!10 = distinct !{!10, !2, !7}
