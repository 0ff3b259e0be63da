; ModuleID = 'sinter_k_b816592e4dc7e8e8'
source_filename = "sinter_k_b816592e4dc7e8e8"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; Function Attrs: alwaysinline nounwind
define internal void @body(i64 %0, i64 %1, ptr noalias nocapture %2, ptr noalias nocapture %3, ptr noalias nocapture %4, i64 %5, i64 %6, i64 %7, i64 %8, ptr noalias %9, i64 %10) #0 {
entry:
  %coordinate = alloca i64, align 8
  %coordinate1 = alloca i64, align 8
  %base = alloca i64, align 8
  %row_first = alloca i64, align 8
  %column = alloca i64, align 8
  %11 = icmp slt i64 %0, %1
  br i1 %11, label %start, label %exit

start:                                            ; preds = %entry
  %12 = urem i64 %0, %6
  %13 = udiv i64 %0, %6
  store i64 %13, ptr %coordinate, align 8
  %14 = mul i64 %13, %7
  %15 = add i64 0, %14
  store i64 %15, ptr %base, align 8
  %16 = sub i64 %0, %12
  store i64 %16, ptr %row_first, align 8
  store i64 %12, ptr %column, align 8
  br label %row

row:                                              ; preds = %step, %start
  %first = load i64, ptr %row_first, align 8
  %k0 = load i64, ptr %column, align 8
  %17 = sub i64 %1, %first
  %stop = call i64 @llvm.smin.i64(i64 %6, i64 %17)
  %row_base = load i64, ptr %base, align 8
  %18 = getelementptr inbounds i8, ptr %9, i64 0
  %19 = load double, ptr %18, align 8
  br label %inner

inner:                                            ; preds = %inner, %row
  %k = phi i64 [ %k0, %row ], [ %k.next, %inner ]
  %acc = phi double [ %19, %row ], [ %28, %inner ]
  %20 = add i64 %row_base, %k
  %i = add i64 %first, %k
  %21 = getelementptr inbounds float, ptr %2, i64 %i
  %22 = load float, ptr %21, align 4
  %23 = getelementptr inbounds float, ptr %3, i64 %20
  %24 = load float, ptr %23, align 4
  %25 = fmul float %22, %24
  %26 = sub i64 %i, %10
  %27 = fpext float %25 to double
  %28 = fadd reassoc double %acc, %27
  %k.next = add nuw nsw i64 %k, 1
  %29 = icmp slt i64 %k.next, %stop
  br i1 %29, label %inner, label %row_done, !llvm.loop !0

row_done:                                         ; preds = %inner
  %30 = getelementptr inbounds i8, ptr %9, i64 0
  store double %28, ptr %30, align 8
  %31 = add i64 %first, %6
  store i64 %31, ptr %row_first, align 8
  store i64 0, ptr %column, align 8
  %32 = icmp slt i64 %31, %1
  br i1 %32, label %carry, label %exit

exit:                                             ; preds = %row_done, %entry
  ret void

carry:                                            ; preds = %row_done
  %33 = load i64, ptr %coordinate, align 8
  %34 = add i64 %33, 1
  br label %step

step:                                             ; preds = %carry
  store i64 %34, ptr %coordinate, align 8
  %35 = load i64, ptr %base, align 8
  %36 = add i64 %35, %7
  store i64 %36, ptr %base, align 8
  br label %row
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare i64 @llvm.smin.i64(i64, i64) #1

; Function Attrs: noinline nounwind
define internal i1 @short_walk(i64 %0, i64 %1, i64 %2, ptr noalias nocapture %3, ptr noalias nocapture %4, ptr noalias nocapture %5, i64 %6, i64 %7, i64 %8, i64 %9) #2 {
entry:
  %short_base34 = alloca i64, align 8
  %short_row_first35 = alloca i64, align 8
  %short_column36 = alloca i64, align 8
  %short_base18 = alloca i64, align 8
  %short_row_first19 = alloca i64, align 8
  %short_column20 = alloca i64, align 8
  %short_base3 = alloca i64, align 8
  %short_row_first4 = alloca i64, align 8
  %short_column5 = alloca i64, align 8
  %short_base = alloca i64, align 8
  %short_row_first = alloca i64, align 8
  %short_column = alloca i64, align 8
  %10 = icmp slt i64 %0, %1
  br i1 %10, label %walk, label %done

done:                                             ; preds = %short_unrolled_done43, %short_unrolled_done27, %short_unrolled_done12, %short_unrolled_done, %entry
  ret i1 true

not_taken:                                        ; preds = %walk
  ret i1 false

walk:                                             ; preds = %entry
  switch i64 %2, label %not_taken [
    i64 2, label %short_2
    i64 3, label %short_3
    i64 4, label %short_4
    i64 8, label %short_8
  ]

short_2:                                          ; preds = %walk
  %11 = urem i64 %0, %6
  %12 = udiv i64 %0, %6
  store i64 0, ptr %short_base, align 8
  %13 = sub i64 %0, %11
  store i64 %13, ptr %short_row_first, align 8
  store i64 %11, ptr %short_column, align 8
  br label %short_row

short_row:                                        ; preds = %short_2
  %first = load i64, ptr %short_row_first, align 8
  %k0 = load i64, ptr %short_column, align 8
  %14 = sub i64 %1, %first
  %stop = call i64 @llvm.smin.i64(i64 %6, i64 %14)
  %row_base = load i64, ptr %short_base, align 8
  %15 = icmp slt i64 %k0, %stop
  br i1 %15, label %short_unrolled, label %short_unrolled_done

short_unrolled:                                   ; preds = %short_unrolled, %short_row
  %short_unrolled1 = phi i64 [ %k0, %short_row ], [ %40, %short_unrolled ]
  %o = add i64 %first, %short_unrolled1
  %16 = mul i64 %short_unrolled1, %8
  %17 = add i64 %row_base, %16
  %18 = add i64 %17, 0
  %19 = mul i64 %o, 2
  %i = add i64 %19, 0
  %20 = getelementptr inbounds float, ptr %3, i64 %i
  %21 = load float, ptr %20, align 4
  %22 = getelementptr inbounds float, ptr %4, i64 %18
  %23 = load float, ptr %22, align 4
  %24 = fmul float %21, %23
  %25 = fpext float %24 to double
  %26 = fadd reassoc double 0.000000e+00, %25
  %27 = mul i64 %short_unrolled1, %8
  %28 = add i64 %row_base, %27
  %29 = add i64 %28, 1
  %30 = mul i64 %o, 2
  %i2 = add i64 %30, 1
  %31 = getelementptr inbounds float, ptr %3, i64 %i2
  %32 = load float, ptr %31, align 4
  %33 = getelementptr inbounds float, ptr %4, i64 %29
  %34 = load float, ptr %33, align 4
  %35 = fmul float %32, %34
  %36 = fpext float %35 to double
  %37 = fadd reassoc double %26, %36
  %38 = fptrunc double %37 to float
  %39 = getelementptr inbounds float, ptr %5, i64 %o
  store float %38, ptr %39, align 4
  %40 = add nuw nsw i64 %short_unrolled1, 1
  %41 = icmp slt i64 %40, %stop
  br i1 %41, label %short_unrolled, label %short_unrolled_done, !llvm.loop !2

short_unrolled_done:                              ; preds = %short_unrolled, %short_row
  %42 = add i64 %first, %6
  store i64 %42, ptr %short_row_first, align 8
  store i64 0, ptr %short_column, align 8
  br label %done

short_3:                                          ; preds = %walk
  %43 = urem i64 %0, %6
  %44 = udiv i64 %0, %6
  store i64 0, ptr %short_base3, align 8
  %45 = sub i64 %0, %43
  store i64 %45, ptr %short_row_first4, align 8
  store i64 %43, ptr %short_column5, align 8
  br label %short_row6

short_row6:                                       ; preds = %short_3
  %first7 = load i64, ptr %short_row_first4, align 8
  %k08 = load i64, ptr %short_column5, align 8
  %46 = sub i64 %1, %first7
  %stop9 = call i64 @llvm.smin.i64(i64 %6, i64 %46)
  %row_base10 = load i64, ptr %short_base3, align 8
  %47 = icmp slt i64 %k08, %stop9
  br i1 %47, label %short_unrolled11, label %short_unrolled_done12

short_unrolled11:                                 ; preds = %short_unrolled11, %short_row6
  %short_unrolled13 = phi i64 [ %k08, %short_row6 ], [ %83, %short_unrolled11 ]
  %o14 = add i64 %first7, %short_unrolled13
  %48 = mul i64 %short_unrolled13, %8
  %49 = add i64 %row_base10, %48
  %50 = add i64 %49, 0
  %51 = mul i64 %o14, 3
  %i15 = add i64 %51, 0
  %52 = getelementptr inbounds float, ptr %3, i64 %i15
  %53 = load float, ptr %52, align 4
  %54 = getelementptr inbounds float, ptr %4, i64 %50
  %55 = load float, ptr %54, align 4
  %56 = fmul float %53, %55
  %57 = fpext float %56 to double
  %58 = fadd reassoc double 0.000000e+00, %57
  %59 = mul i64 %short_unrolled13, %8
  %60 = add i64 %row_base10, %59
  %61 = add i64 %60, 1
  %62 = mul i64 %o14, 3
  %i16 = add i64 %62, 1
  %63 = getelementptr inbounds float, ptr %3, i64 %i16
  %64 = load float, ptr %63, align 4
  %65 = getelementptr inbounds float, ptr %4, i64 %61
  %66 = load float, ptr %65, align 4
  %67 = fmul float %64, %66
  %68 = fpext float %67 to double
  %69 = fadd reassoc double %58, %68
  %70 = mul i64 %short_unrolled13, %8
  %71 = add i64 %row_base10, %70
  %72 = add i64 %71, 2
  %73 = mul i64 %o14, 3
  %i17 = add i64 %73, 2
  %74 = getelementptr inbounds float, ptr %3, i64 %i17
  %75 = load float, ptr %74, align 4
  %76 = getelementptr inbounds float, ptr %4, i64 %72
  %77 = load float, ptr %76, align 4
  %78 = fmul float %75, %77
  %79 = fpext float %78 to double
  %80 = fadd reassoc double %69, %79
  %81 = fptrunc double %80 to float
  %82 = getelementptr inbounds float, ptr %5, i64 %o14
  store float %81, ptr %82, align 4
  %83 = add nuw nsw i64 %short_unrolled13, 1
  %84 = icmp slt i64 %83, %stop9
  br i1 %84, label %short_unrolled11, label %short_unrolled_done12, !llvm.loop !5

short_unrolled_done12:                            ; preds = %short_unrolled11, %short_row6
  %85 = add i64 %first7, %6
  store i64 %85, ptr %short_row_first4, align 8
  store i64 0, ptr %short_column5, align 8
  br label %done

short_4:                                          ; preds = %walk
  %86 = urem i64 %0, %6
  %87 = udiv i64 %0, %6
  store i64 0, ptr %short_base18, align 8
  %88 = sub i64 %0, %86
  store i64 %88, ptr %short_row_first19, align 8
  store i64 %86, ptr %short_column20, align 8
  br label %short_row21

short_row21:                                      ; preds = %short_4
  %first22 = load i64, ptr %short_row_first19, align 8
  %k023 = load i64, ptr %short_column20, align 8
  %89 = sub i64 %1, %first22
  %stop24 = call i64 @llvm.smin.i64(i64 %6, i64 %89)
  %row_base25 = load i64, ptr %short_base18, align 8
  %90 = icmp slt i64 %k023, %stop24
  br i1 %90, label %short_unrolled26, label %short_unrolled_done27

short_unrolled26:                                 ; preds = %short_unrolled26, %short_row21
  %short_unrolled28 = phi i64 [ %k023, %short_row21 ], [ %137, %short_unrolled26 ]
  %o29 = add i64 %first22, %short_unrolled28
  %91 = mul i64 %short_unrolled28, %8
  %92 = add i64 %row_base25, %91
  %93 = add i64 %92, 0
  %94 = mul i64 %o29, 4
  %i30 = add i64 %94, 0
  %95 = getelementptr inbounds float, ptr %3, i64 %i30
  %96 = load float, ptr %95, align 4
  %97 = getelementptr inbounds float, ptr %4, i64 %93
  %98 = load float, ptr %97, align 4
  %99 = fmul float %96, %98
  %100 = fpext float %99 to double
  %101 = fadd reassoc double 0.000000e+00, %100
  %102 = mul i64 %short_unrolled28, %8
  %103 = add i64 %row_base25, %102
  %104 = add i64 %103, 1
  %105 = mul i64 %o29, 4
  %i31 = add i64 %105, 1
  %106 = getelementptr inbounds float, ptr %3, i64 %i31
  %107 = load float, ptr %106, align 4
  %108 = getelementptr inbounds float, ptr %4, i64 %104
  %109 = load float, ptr %108, align 4
  %110 = fmul float %107, %109
  %111 = fpext float %110 to double
  %112 = fadd reassoc double %101, %111
  %113 = mul i64 %short_unrolled28, %8
  %114 = add i64 %row_base25, %113
  %115 = add i64 %114, 2
  %116 = mul i64 %o29, 4
  %i32 = add i64 %116, 2
  %117 = getelementptr inbounds float, ptr %3, i64 %i32
  %118 = load float, ptr %117, align 4
  %119 = getelementptr inbounds float, ptr %4, i64 %115
  %120 = load float, ptr %119, align 4
  %121 = fmul float %118, %120
  %122 = fpext float %121 to double
  %123 = fadd reassoc double %112, %122
  %124 = mul i64 %short_unrolled28, %8
  %125 = add i64 %row_base25, %124
  %126 = add i64 %125, 3
  %127 = mul i64 %o29, 4
  %i33 = add i64 %127, 3
  %128 = getelementptr inbounds float, ptr %3, i64 %i33
  %129 = load float, ptr %128, align 4
  %130 = getelementptr inbounds float, ptr %4, i64 %126
  %131 = load float, ptr %130, align 4
  %132 = fmul float %129, %131
  %133 = fpext float %132 to double
  %134 = fadd reassoc double %123, %133
  %135 = fptrunc double %134 to float
  %136 = getelementptr inbounds float, ptr %5, i64 %o29
  store float %135, ptr %136, align 4
  %137 = add nuw nsw i64 %short_unrolled28, 1
  %138 = icmp slt i64 %137, %stop24
  br i1 %138, label %short_unrolled26, label %short_unrolled_done27, !llvm.loop !6

short_unrolled_done27:                            ; preds = %short_unrolled26, %short_row21
  %139 = add i64 %first22, %6
  store i64 %139, ptr %short_row_first19, align 8
  store i64 0, ptr %short_column20, align 8
  br label %done

short_8:                                          ; preds = %walk
  %140 = urem i64 %0, %6
  %141 = udiv i64 %0, %6
  store i64 0, ptr %short_base34, align 8
  %142 = sub i64 %0, %140
  store i64 %142, ptr %short_row_first35, align 8
  store i64 %140, ptr %short_column36, align 8
  br label %short_row37

short_row37:                                      ; preds = %short_8
  %first38 = load i64, ptr %short_row_first35, align 8
  %k039 = load i64, ptr %short_column36, align 8
  %143 = sub i64 %1, %first38
  %stop40 = call i64 @llvm.smin.i64(i64 %6, i64 %143)
  %row_base41 = load i64, ptr %short_base34, align 8
  %144 = icmp slt i64 %k039, %stop40
  br i1 %144, label %short_unrolled42, label %short_unrolled_done43

short_unrolled42:                                 ; preds = %short_unrolled42, %short_row37
  %short_unrolled44 = phi i64 [ %k039, %short_row37 ], [ %235, %short_unrolled42 ]
  %o45 = add i64 %first38, %short_unrolled44
  %145 = mul i64 %short_unrolled44, %8
  %146 = add i64 %row_base41, %145
  %147 = add i64 %146, 0
  %148 = mul i64 %o45, 8
  %i46 = add i64 %148, 0
  %149 = getelementptr inbounds float, ptr %3, i64 %i46
  %150 = load float, ptr %149, align 4
  %151 = getelementptr inbounds float, ptr %4, i64 %147
  %152 = load float, ptr %151, align 4
  %153 = fmul float %150, %152
  %154 = fpext float %153 to double
  %155 = fadd reassoc double 0.000000e+00, %154
  %156 = mul i64 %short_unrolled44, %8
  %157 = add i64 %row_base41, %156
  %158 = add i64 %157, 1
  %159 = mul i64 %o45, 8
  %i47 = add i64 %159, 1
  %160 = getelementptr inbounds float, ptr %3, i64 %i47
  %161 = load float, ptr %160, align 4
  %162 = getelementptr inbounds float, ptr %4, i64 %158
  %163 = load float, ptr %162, align 4
  %164 = fmul float %161, %163
  %165 = fpext float %164 to double
  %166 = fadd reassoc double %155, %165
  %167 = mul i64 %short_unrolled44, %8
  %168 = add i64 %row_base41, %167
  %169 = add i64 %168, 2
  %170 = mul i64 %o45, 8
  %i48 = add i64 %170, 2
  %171 = getelementptr inbounds float, ptr %3, i64 %i48
  %172 = load float, ptr %171, align 4
  %173 = getelementptr inbounds float, ptr %4, i64 %169
  %174 = load float, ptr %173, align 4
  %175 = fmul float %172, %174
  %176 = fpext float %175 to double
  %177 = fadd reassoc double %166, %176
  %178 = mul i64 %short_unrolled44, %8
  %179 = add i64 %row_base41, %178
  %180 = add i64 %179, 3
  %181 = mul i64 %o45, 8
  %i49 = add i64 %181, 3
  %182 = getelementptr inbounds float, ptr %3, i64 %i49
  %183 = load float, ptr %182, align 4
  %184 = getelementptr inbounds float, ptr %4, i64 %180
  %185 = load float, ptr %184, align 4
  %186 = fmul float %183, %185
  %187 = fpext float %186 to double
  %188 = fadd reassoc double %177, %187
  %189 = mul i64 %short_unrolled44, %8
  %190 = add i64 %row_base41, %189
  %191 = add i64 %190, 4
  %192 = mul i64 %o45, 8
  %i50 = add i64 %192, 4
  %193 = getelementptr inbounds float, ptr %3, i64 %i50
  %194 = load float, ptr %193, align 4
  %195 = getelementptr inbounds float, ptr %4, i64 %191
  %196 = load float, ptr %195, align 4
  %197 = fmul float %194, %196
  %198 = fpext float %197 to double
  %199 = fadd reassoc double %188, %198
  %200 = mul i64 %short_unrolled44, %8
  %201 = add i64 %row_base41, %200
  %202 = add i64 %201, 5
  %203 = mul i64 %o45, 8
  %i51 = add i64 %203, 5
  %204 = getelementptr inbounds float, ptr %3, i64 %i51
  %205 = load float, ptr %204, align 4
  %206 = getelementptr inbounds float, ptr %4, i64 %202
  %207 = load float, ptr %206, align 4
  %208 = fmul float %205, %207
  %209 = fpext float %208 to double
  %210 = fadd reassoc double %199, %209
  %211 = mul i64 %short_unrolled44, %8
  %212 = add i64 %row_base41, %211
  %213 = add i64 %212, 6
  %214 = mul i64 %o45, 8
  %i52 = add i64 %214, 6
  %215 = getelementptr inbounds float, ptr %3, i64 %i52
  %216 = load float, ptr %215, align 4
  %217 = getelementptr inbounds float, ptr %4, i64 %213
  %218 = load float, ptr %217, align 4
  %219 = fmul float %216, %218
  %220 = fpext float %219 to double
  %221 = fadd reassoc double %210, %220
  %222 = mul i64 %short_unrolled44, %8
  %223 = add i64 %row_base41, %222
  %224 = add i64 %223, 7
  %225 = mul i64 %o45, 8
  %i53 = add i64 %225, 7
  %226 = getelementptr inbounds float, ptr %3, i64 %i53
  %227 = load float, ptr %226, align 4
  %228 = getelementptr inbounds float, ptr %4, i64 %224
  %229 = load float, ptr %228, align 4
  %230 = fmul float %227, %229
  %231 = fpext float %230 to double
  %232 = fadd reassoc double %221, %231
  %233 = fptrunc double %232 to float
  %234 = getelementptr inbounds float, ptr %5, i64 %o45
  store float %233, ptr %234, align 4
  %235 = add nuw nsw i64 %short_unrolled44, 1
  %236 = icmp slt i64 %235, %stop40
  br i1 %236, label %short_unrolled42, label %short_unrolled_done43, !llvm.loop !7

short_unrolled_done43:                            ; preds = %short_unrolled42, %short_row37
  %237 = add i64 %first38, %6
  store i64 %237, ptr %short_row_first35, align 8
  store i64 0, ptr %short_column36, align 8
  br label %done
}

; Function Attrs: nounwind
define void @sinter_k_b816592e4dc7e8e8(i64 %0, i64 %1, ptr %2, ptr %3, ptr %4) #3 {
entry:
  %5 = getelementptr inbounds ptr, ptr %2, i64 0
  %6 = load ptr, ptr %5, align 8
  %7 = getelementptr inbounds ptr, ptr %2, i64 1
  %8 = load ptr, ptr %7, align 8
  %9 = getelementptr inbounds ptr, ptr %2, i64 2
  %10 = load ptr, ptr %9, align 8
  %11 = getelementptr inbounds i64, ptr %3, i64 0
  %12 = load i64, ptr %11, align 8
  %13 = getelementptr inbounds i64, ptr %3, i64 1
  %14 = load i64, ptr %13, align 8
  %15 = getelementptr inbounds i64, ptr %3, i64 2
  %16 = load i64, ptr %15, align 8
  %17 = getelementptr inbounds i64, ptr %3, i64 3
  %18 = load i64, ptr %17, align 8
  %19 = getelementptr inbounds i64, ptr %4, i64 0
  %20 = load i64, ptr %19, align 8
  %21 = getelementptr inbounds i64, ptr %4, i64 1
  %22 = load i64, ptr %21, align 8
  %23 = getelementptr inbounds i64, ptr %4, i64 2
  %24 = load i64, ptr %23, align 8
  %25 = getelementptr inbounds i64, ptr %4, i64 3
  %26 = load ptr, ptr %25, align 8
  %27 = getelementptr inbounds i64, ptr %4, i64 4
  %28 = load i64, ptr %27, align 8
  %29 = getelementptr inbounds i64, ptr %4, i64 5
  %30 = load i64, ptr %29, align 8
  %acc = alloca [16 x i8], align 16
  %31 = sub i64 %1, %0
  %32 = icmp eq i64 %24, %20
  %33 = icmp eq i64 %22, 0
  %34 = and i1 %33, %32
  %35 = icmp sle i64 %20, 8
  %36 = icmp eq i64 %28, 0
  %37 = and i1 %36, %34
  %38 = and i1 %37, %35
  br i1 %38, label %short_walk, label %per_output

output:                                           ; preds = %next_output, %per_output
  %o = phi i64 [ %0, %per_output ], [ %65, %next_output ]
  %39 = sub i64 %o, %0
  %40 = getelementptr inbounds i8, ptr %acc, i64 0
  store double 0.000000e+00, ptr %40, align 8
  %41 = icmp eq i64 %28, 2
  br i1 %41, label %combine, label %run

run:                                              ; preds = %output
  %42 = mul i64 %o, %20
  %43 = add i64 %42, %22
  %44 = add i64 %42, %24
  call void @body(i64 %43, i64 %44, ptr %6, ptr %8, ptr %10, i64 %12, i64 %14, i64 %16, i64 %18, ptr %acc, i64 %42)
  br label %after_run

combine:                                          ; preds = %output
  %45 = icmp sgt i64 %30, 0
  br i1 %45, label %combine_part, label %finish

combine_part:                                     ; preds = %combine_part, %combine
  %part = phi i64 [ 0, %combine ], [ %56, %combine_part ]
  %46 = mul i64 %part, %31
  %47 = add i64 %46, %39
  %48 = mul i64 %47, 16
  %49 = getelementptr inbounds i8, ptr %26, i64 %48
  %50 = getelementptr inbounds i8, ptr %acc, i64 0
  %51 = load double, ptr %50, align 8
  %52 = getelementptr inbounds i8, ptr %49, i64 0
  %53 = load double, ptr %52, align 8
  %54 = fadd reassoc double %51, %53
  %55 = getelementptr inbounds i8, ptr %acc, i64 0
  store double %54, ptr %55, align 8
  %56 = add i64 %part, 1
  %57 = icmp slt i64 %56, %30
  br i1 %57, label %combine_part, label %finish

after_run:                                        ; preds = %run
  %58 = icmp eq i64 %28, 1
  br i1 %58, label %write_partial, label %finish

write_partial:                                    ; preds = %after_run
  %59 = mul i64 %39, 16
  %60 = getelementptr inbounds i8, ptr %26, i64 %59
  call void @llvm.memcpy.p0.p0.i64(ptr align 8 %60, ptr align 16 %acc, i64 16, i1 false)
  br label %next_output

finish:                                           ; preds = %combine_part, %combine, %after_run
  %61 = getelementptr inbounds i8, ptr %acc, i64 0
  %62 = load double, ptr %61, align 8
  %63 = fptrunc double %62 to float
  %64 = getelementptr inbounds float, ptr %10, i64 %o
  store float %63, ptr %64, align 4
  br label %next_output

next_output:                                      ; preds = %finish, %write_partial
  %65 = add i64 %o, 1
  %66 = icmp slt i64 %65, %1
  br i1 %66, label %output, label %exit

exit:                                             ; preds = %next_output, %per_output, %short_walk
  ret void

short_walk:                                       ; preds = %entry
  %67 = call i1 @short_walk(i64 %0, i64 %1, i64 %20, ptr %6, ptr %8, ptr %10, i64 %12, i64 %14, i64 %16, i64 %18)
  br i1 %67, label %exit, label %per_output

per_output:                                       ; preds = %short_walk, %entry
  %68 = icmp slt i64 %0, %1
  br i1 %68, label %output, label %exit
}

; Function Attrs: nocallback nofree nounwind willreturn memory(argmem: readwrite)
declare void @llvm.memcpy.p0.p0.i64(ptr noalias nocapture writeonly, ptr noalias nocapture readonly, i64, i1 immarg) #4

attributes #0 = { alwaysinline nounwind }
attributes #1 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }
attributes #2 = { noinline nounwind }
attributes #3 = { nounwind }
attributes #4 = { nocallback nofree nounwind willreturn memory(argmem: readwrite) }

!0 = distinct !{!0, !1}
!1 = !{!"llvm.loop.vectorize.width", i32 8}
!2 = distinct !{!2, !3, !4}
!3 = !{!"llvm.loop.interleave.count", i32 1}
!4 = !{!"llvm.loop.vectorize.enable", i32 0}
!5 = distinct !{!5, !3, !4}
!6 = distinct !{!6, !3, !4}
!7 = distinct !{!7, !3, !4}
